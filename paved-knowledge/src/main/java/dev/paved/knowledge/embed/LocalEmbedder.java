package dev.paved.knowledge.embed;

import dev.paved.embedding.EmbeddingModel;
import dev.paved.knowledge.chunk.TokenCounter;
import java.util.List;

/** An in-process {@link EmbeddingModel}; its token counts include two special tokens, which are taken off. */
record LocalEmbedder(EmbeddingModel model) implements Embedder {

    private static final int SPECIAL_TOKENS = 2;

    @Override
    public String id() {
        return model.id();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        return model.embed(texts);
    }

    @Override
    public float[] embedQuery(String query) {
        return model.embedQuery(query);
    }

    @Override
    public TokenCounter tokenCounter() {
        return text -> text.isBlank() ? 0 : Math.max(0, model.countTokens(text) - SPECIAL_TOKENS);
    }

    @Override
    public int maxChunkTokens() {
        return model.maxTokens() - SPECIAL_TOKENS;
    }
}
