package dev.paved.knowledge;

import dev.paved.embedding.EmbeddingModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A real embedding model that counts the texts it embeds, plain ({@link #embed}) or as search queries ({@link #embedQuery}). */
public final class CountingEmbeddingModel implements EmbeddingModel {
    private final EmbeddingModel model;
    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();

    public CountingEmbeddingModel(EmbeddingModel model) {
        this.model = model;
    }

    /** Texts embedded so far, plain and as queries. */
    public long embedded() {
        return texts.get() + queries.get();
    }

    /** Texts embedded as search queries so far. */
    public long queries() {
        return queries.get();
    }

    @Override
    public String id() {
        return model.id();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public int maxTokens() {
        return model.maxTokens();
    }

    @Override
    public List<float[]> embed(List<String> in) {
        texts.addAndGet(in.size());
        return model.embed(in);
    }

    @Override
    public float[] embedQuery(String query) {
        queries.incrementAndGet();
        return model.embedQuery(query);
    }

    @Override
    public int countTokens(String text) {
        return model.countTokens(text);
    }

    /** Leaves the wrapped model open: it may be shared. */
    @Override
    public void close() {
    }
}
