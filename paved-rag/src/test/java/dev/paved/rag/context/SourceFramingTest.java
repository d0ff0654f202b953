package dev.paved.rag.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceFramingTest {
    @Test
    void readsBackWhatItWrites() {
        String user = SourceFraming.userMessage(List.of(SourceFraming.block(1, "Refunds \"EU\"", "d1", "Text one."),
                SourceFraming.block(2, null, "d2", "Text two.\nSecond line.")), "User: hi", "What is it?");
        List<SourceFraming.Source> sources = SourceFraming.sources(user);
        assertThat(sources).extracting(SourceFraming.Source::number).containsExactly(1, 2);
        assertThat(sources.get(0).title()).isEqualTo("Refunds 'EU'");
        assertThat(sources.get(1).text()).isEqualTo("Text two.\nSecond line.");
        assertThat(SourceFraming.question(user)).isEqualTo("What is it?");
    }

    @Test
    void aPlainMessageIsItsOwnQuestion() {
        assertThat(SourceFraming.question("  hello there ")).isEqualTo("hello there");
        assertThat(SourceFraming.sources("hello")).isEmpty();
    }
}
