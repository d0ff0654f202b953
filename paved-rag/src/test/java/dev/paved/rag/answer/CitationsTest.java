package dev.paved.rag.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.rag.Passage;
import dev.paved.rag.context.AssembledContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitationsTest {
    private final Passage a = new Passage("a", "da", "kb", "A", "s", "Refunds are paid within fourteen days of the return.", 1);
    private final Passage b = new Passage("b", "db", "kb", "B", "s", "Shipping to Norway takes five working days.", 1);
    private final Passage c = new Passage("c", "dc", "kb", "C", "s", "Invoices are sent as PDF files by e-mail.", 1);
    private final AssembledContext context = new AssembledContext("sys", "user", List.of(a, b, c), 10, 100, 0, 0);

    @Test
    void markersNameTheUsedSourcesOnly() {
        assertThat(Citations.used("Refunds take two weeks [1]. Shipping takes five days [2, 1]. See also [7].", context))
                .containsExactly(a, b);
    }

    @Test
    void withoutMarkersCitesPassagesThatSupportASentence() {
        assertThat(Citations.used("Invoices are sent by e-mail as PDF files.", context)).containsExactly(c);
        assertThat(Citations.used("I do not know.", context)).isEmpty();
    }

    @Test
    void snippetsAreShortened() {
        assertThat(Citations.snippet("word ".repeat(100), 40)).hasSizeLessThanOrEqualTo(40).endsWith("…");
        assertThat(Citations.snippet("  short\n text ", 40)).isEqualTo("short text");
    }
}
