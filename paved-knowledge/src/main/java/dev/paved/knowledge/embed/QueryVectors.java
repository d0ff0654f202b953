package dev.paved.knowledge.embed;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The query vectors of one request, by embedding model id and query text: a question searched in several knowledge
 * bases of the same model, or already embedded by someone else (the RAG service's cache lookup, with the same model
 * and the model's query instruction), is embedded once. A model id names one vector space: two embedders with the
 * same id must give the same {@link Embedder#embedQuery} vector for the same text. For one request at a time (not
 * thread-safe); vectors are neither copied nor modified.
 */
public final class QueryVectors {
    private record Key(String modelId, String query) {
    }

    private final Map<Key, float[]> vectors = new HashMap<>();

    /** Records {@code vector} as {@code modelId}'s {@link Embedder#embedQuery} vector of {@code query}. */
    public void put(String modelId, String query, float[] vector) {
        vectors.put(new Key(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(query, "query")),
                Objects.requireNonNull(vector, "vector"));
    }

    /** The query vector of {@code query} for {@code embedder}'s model: the one known, else embedded now and kept. */
    public float[] of(Embedder embedder, String query) {
        Key key = new Key(embedder.id(), query);
        float[] v = vectors.get(key);
        if (v == null) {
            v = embedder.embedQuery(query);
            vectors.put(key, v);
        }
        return v;
    }
}
