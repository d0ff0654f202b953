package dev.paved.server.knowledge;

import dev.paved.embedding.CrossEncoderModel;
import dev.paved.knowledge.rerank.OnnxCrossEncoderReranker;
import dev.paved.knowledge.rerank.RemoteReranker;
import dev.paved.knowledge.rerank.Reranker;
import dev.paved.server.config.KnowledgeConfig;

/** Builds the configured re-ranker, if any. */
public final class Rerankers {

    private Rerankers() {
    }

    /**
     * The in-process cross-encoder of {@code knowledge.rerank_onnx_model}, the remote one of
     * {@code knowledge.rerank_url}, or null when neither is configured.
     */
    public static Reranker from(KnowledgeConfig c) {
        if (c.rerankOnnxModel() != null) {
            return new OnnxCrossEncoderReranker(CrossEncoderModel.load(c.rerankOnnxModel(), c.rerankOnnxTokenizer(),
                    Math.max(1, Runtime.getRuntime().availableProcessors()), CrossEncoderModel.DEFAULT_MAX_TOKENS));
        }
        if (c.rerankUrl() != null) {
            return new RemoteReranker(c.rerankUrl(), c.rerankModel(), c.rerankApiKey(), c.rerankTimeout());
        }
        return null;
    }
}
