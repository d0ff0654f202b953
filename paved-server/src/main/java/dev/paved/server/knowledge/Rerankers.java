package dev.paved.server.knowledge;

import dev.paved.knowledge.rerank.RemoteReranker;
import dev.paved.knowledge.rerank.Reranker;
import dev.paved.server.config.KnowledgeConfig;

/** Builds the configured re-ranker, if any. */
public final class Rerankers {

    private Rerankers() {
    }

    /** The remote re-ranker of {@code knowledge.rerank_url}, or null when none is configured. */
    public static Reranker from(KnowledgeConfig c) {
        if (c.rerankUrl() != null) {
            return new RemoteReranker(c.rerankUrl(), c.rerankModel(), c.rerankApiKey(), c.rerankTimeout());
        }
        return null;
    }
}
