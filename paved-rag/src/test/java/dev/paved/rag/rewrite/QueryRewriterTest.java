package dev.paved.rag.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.rag.Passage;
import dev.paved.rag.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRewriterTest {
    private final List<Turn> history = List.of(new Turn(Turn.USER, "What is the refund policy for EU customers?"),
            new Turn(Turn.ASSISTANT, "Thirty days [1]."));

    @Test
    void followUpsAreConversationalOnlyWithHistory() {
        assertThat(QueryRewriter.conversational("And what about its fees?", history)).isTrue();
        assertThat(QueryRewriter.conversational("How long does it take?", history)).isTrue();
        assertThat(QueryRewriter.conversational("Norway?", history)).isTrue();
        assertThat(QueryRewriter.conversational("How long does shipping to Norway take?", history)).isFalse();
        assertThat(QueryRewriter.conversational("And what about its fees?", List.of())).isFalse();
    }

    @Test
    void standaloneCarriesTermsOfTheLastUserTurn() {
        QueryRewriter.Rewrite r = QueryRewriter.standalone("How long does it take?", history);
        assertThat(r.how()).isEqualTo("standalone");
        assertThat(r.queries()).containsExactly("How long does it take? (refund policy eu customer)");
        assertThat(QueryRewriter.standalone("refund policy eu customer", history).changed("refund policy eu customer")).isFalse();
    }

    @Test
    void compoundQuestionsAreDecomposed() {
        QueryRewriter.Rewrite r = QueryRewriter.decompose("What is the refund window and how are invoices delivered?", 3);
        assertThat(r.queries()).containsExactly("What is the refund window?", "how are invoices delivered?");
        assertThat(QueryRewriter.decompose("Refund window? Invoice format? Shipping time to Oslo?", 2).queries()).hasSize(2);
        assertThat(QueryRewriter.decompose("What is the refund window?", 3).changed("What is the refund window?")).isFalse();
    }

    @Test
    void confidenceIsTermCoverageOfTheTopPassages() {
        Passage p = new Passage("a", "d", "kb", null, null, "The refund window for customers is 30 days.", 1);
        assertThat(RetrievalConfidence.of("refund window customers", List.of(p))).isEqualTo(1.0);
        assertThat(RetrievalConfidence.of("refund window Norway shipping", List.of(p))).isEqualTo(0.5);
        assertThat(RetrievalConfidence.of("refund", List.of())).isZero();
    }

    @Test
    void mergeRanksPassagesFoundBySeveralSubQueriesFirst() {
        Passage a = new Passage("a", "d", "kb", null, null, "a", 0.1);
        Passage b = new Passage("b", "d", "kb", null, null, "b", 0.2);
        Passage c = new Passage("c", "d", "kb", null, null, "c", 0.3);
        assertThat(RankMerge.merge(List.of(List.of(a, b), List.of(c, b)), 10)).extracting(Passage::chunkId).containsExactly("b", "a", "c");
        assertThat(RankMerge.merge(List.of(List.of(a, b, c)), 2)).containsExactly(a, b);
    }
}
