package dev.paved.rag.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.rag.Tokens;
import dev.paved.rag.Turn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionMemoryTest {
    private final Tokens tokens = Tokens.bpe();

    @Test
    void withinBudgetNothingIsFolded() {
        SessionMemory.State s = new SessionMemory.State("", List.of(new Turn(Turn.USER, "Hi."), new Turn(Turn.ASSISTANT, "Hello.")));
        SessionMemory.Compacted c = SessionMemory.compact(s, 200, tokens);
        assertThat(c.folded()).isZero();
        assertThat(c.state()).isEqualTo(s);
    }

    @Test
    void overBudgetTheOldestTurnsBecomeSummaryLines() {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            turns.add(new Turn(Turn.USER, "Question number " + i + " about refunds. " + "More words here. ".repeat(10)));
            turns.add(new Turn(Turn.ASSISTANT, "Answer number " + i + ". " + "Details follow. ".repeat(10)));
        }
        SessionMemory.Compacted c = SessionMemory.compact(new SessionMemory.State("", turns), 200, tokens);
        assertThat(c.folded()).isGreaterThan(0);
        assertThat(c.state().turns()).hasSizeGreaterThanOrEqualTo(SessionMemory.KEEP_TURNS);
        assertThat(c.state().turns().get(c.state().turns().size() - 1).text()).startsWith("Answer number 9.");
        assertThat(c.state().summary()).contains("User asked: Question number").doesNotContain("More words here. More");
        assertThat(tokens.count(c.state().summary())).isLessThanOrEqualTo(100);
        String rendered = SessionMemory.render(c.state(), 2);
        assertThat(rendered).startsWith("Summary of earlier turns:").contains("User: Question number 9");
    }
}
