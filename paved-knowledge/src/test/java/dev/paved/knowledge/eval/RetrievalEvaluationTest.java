package dev.paved.knowledge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paved.knowledge.HashingEmbedder;
import dev.paved.knowledge.chunk.ChunkingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalEvaluationTest {

    static Path fixture() throws Exception {
        return Path.of(RetrievalEvaluationTest.class.getResource("/beir-mini/corpus.jsonl").toURI()).getParent();
    }

    @Test
    void metricsMatchHandComputedValues() {
        Map<String, Integer> rel = Map.of("a", 2, "b", 1);
        List<String> ranked = List.of("x", "a", "y", "b");
        double dcg = 2 / (Math.log(3) / Math.log(2)) + 1 / (Math.log(5) / Math.log(2));
        double idcg = 2 + 1 / (Math.log(3) / Math.log(2));
        assertThat(RetrievalMetrics.ndcg(ranked, rel, 10)).isCloseTo(dcg / idcg, within(1e-12));
        assertThat(RetrievalMetrics.recall(ranked, rel, 2)).isEqualTo(0.5);
        assertThat(RetrievalMetrics.recall(ranked, rel, 10)).isEqualTo(1.0);
        assertThat(RetrievalMetrics.mrr(ranked, rel, 10)).isEqualTo(0.5);
        assertThat(RetrievalMetrics.mrr(ranked, rel, 1)).isZero();
        assertThat(Percentiles.of(new double[] {5, 1, 4, 2, 3}, 50)).isEqualTo(3);
        assertThat(Percentiles.of(new double[] {5, 1, 4, 2, 3}, 95)).isEqualTo(5);
    }

    @Test
    void readsABeirFolderAndKeepsOnlyJudgedQueries() throws Exception {
        BeirDataset data = BeirDataset.readFolder(fixture());
        assertThat(data.corpus()).hasSize(12);
        assertThat(data.corpus().get(0).text()).startsWith("Vitamin D and bone density\n\nVitamin D supplementation");
        assertThat(data.queries()).hasSize(5).doesNotContainKey("q6");
        assertThat(data.qrels().get("q1")).containsEntry("d1", 2).containsEntry("d6", 1);
    }

    @Test
    void evaluatesEveryStageAndWritesTheDocumentedJson() throws Exception {
        BeirDataset data = BeirDataset.readFolder(fixture());
        RetrievalReport report = RetrievalEvaluation.run(data, new HashingEmbedder(), null, ChunkingConfig.defaults(), Progress.none());
        assertThat(report.stages()).containsOnlyKeys("bm25", "dense", "hybrid");
        // The fixture's queries share words with their relevant documents, so BM25 ranks one of them first.
        assertThat(report.stages().get("bm25").mrr10()).isEqualTo(1.0);
        assertThat(report.stages().get("hybrid").recall100()).isEqualTo(1.0);
        assertThat(report.ingestion().chunks()).isEqualTo(12);
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.path("stages").path("bm25").path("ndcg@10").isNumber()).isTrue();
        assertThat(json.path("stages").path("dense").has("recall@100")).isTrue();
        assertThat(json.path("stages").path("hybrid").has("mrr@10")).isTrue();
        assertThat(json.path("stages").path("rerank").isNull()).isTrue();
        assertThat(json.path("ingestion").path("chunks").asInt()).isEqualTo(12);
        assertThat(json.path("notes").asText()).contains("no re-ranker");
    }
}
