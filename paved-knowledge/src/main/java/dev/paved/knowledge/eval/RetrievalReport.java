package dev.paved.knowledge.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The result of a retrieval evaluation.
 *
 * @param stages    per configuration (bm25, dense, hybrid, rerank) its quality and latency; rerank is absent when no
 *                  re-ranker was configured
 * @param ingestion how fast the corpus went in
 * @param notes     anything a reader needs to know, such as why a stage did not run
 */
public record RetrievalReport(Map<String, Stage> stages, Ingestion ingestion, String notes) {

    /** Mean metrics over the judged queries, and latency of one search. */
    public record Stage(double ndcg10, double recall10, double recall100, double mrr10, double p50Ms, double p95Ms,
                        int queries) {
    }

    /**
     * @param embeddingShare share of the ingestion wall time spent in the embedding model (0-1)
     */
    public record Ingestion(int documents, int chunks, double seconds, double chunksPerSecond, double embeddingShare,
                            String embeddingModel) {
    }

    /** {@code {"stages":{"bm25":{"ndcg@10":…,"recall@10":…,"recall@100":…,"mrr@10":…,…},…},"ingestion":{…}}}. */
    public String toJson() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ObjectNode st = root.putObject("stages");
        for (String name : new String[] {"bm25", "dense", "hybrid", "rerank"}) {
            Stage s = stages.get(name);
            if (s == null) {
                st.putNull(name);
                continue;
            }
            ObjectNode o = st.putObject(name);
            o.put("ndcg@10", round(s.ndcg10()));
            o.put("recall@10", round(s.recall10()));
            o.put("recall@100", round(s.recall100()));
            o.put("mrr@10", round(s.mrr10()));
            o.put("queries", s.queries());
            o.put("latency_p50_ms", round(s.p50Ms()));
            o.put("latency_p95_ms", round(s.p95Ms()));
        }
        ObjectNode in = root.putObject("ingestion");
        in.put("documents", ingestion.documents());
        in.put("chunks", ingestion.chunks());
        in.put("seconds", round(ingestion.seconds()));
        in.put("chunks_per_second", round(ingestion.chunksPerSecond()));
        in.put("embedding_share", round(ingestion.embeddingShare()));
        in.put("embedding_model", ingestion.embeddingModel());
        if (notes != null) {
            root.put("notes", notes);
        }
        try {
            return m.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
