package dev.paved.rag.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RewritePromptTest {
    @Test
    void readsOneQueryPerLineWithoutDecoration() {
        assertThat(RewritePrompt.queries("1. \"refund window for EU customers\"\n- warranty for tents\n\n* shipping to Norway\nextra", 3))
                .containsExactly("refund window for EU customers", "warranty for tents", "shipping to Norway");
        assertThat(RewritePrompt.queries("Query 1: refunds\nrefunds", 3)).containsExactly("refunds");
        assertThat(RewritePrompt.queries("  \n ok \n", 3)).isEmpty();
    }

    @Test
    void promptCarriesHistoryAndLimit() {
        assertThat(RewritePrompt.system(2)).contains("at most 2 lines");
        assertThat(RewritePrompt.user("User: tents?", "and boots?")).startsWith("Conversation so far:\nUser: tents?").endsWith("Question: and boots?");
        assertThat(RewritePrompt.user(null, "q")).isEqualTo("Question: q");
    }
}
