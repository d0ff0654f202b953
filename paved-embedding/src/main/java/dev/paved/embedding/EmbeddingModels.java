package dev.paved.embedding;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The process-wide registry of in-process embedding models: each model is loaded on first request and then shared.
 * The shared instances belong to the registry: closing what {@link #get} returns does nothing.
 */
public final class EmbeddingModels {

    private static final Map<String, Supplier<EmbeddingModel>> LOADERS =
            new TreeMap<>(Map.of(BgeSmallEmbeddingModel.ID, BgeSmallEmbeddingModel::load));
    private static final ConcurrentMap<String, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    private EmbeddingModels() {
    }

    /** Ids {@link #get} accepts, sorted. */
    public static List<String> knownIds() {
        return List.copyOf(LOADERS.keySet());
    }

    /**
     * The shared model with this id, loading it on the first call (concurrent first calls load it once).
     *
     * @throws IllegalArgumentException if no model has this id; the message lists the known ids
     */
    public static EmbeddingModel get(String id) {
        Supplier<EmbeddingModel> loader = id == null ? null : LOADERS.get(id);
        if (loader == null) {
            throw new IllegalArgumentException("Unknown embedding model '" + id + "'; known models: "
                    + String.join(", ", knownIds()));
        }
        return LOADED.computeIfAbsent(id, key -> new SharedEmbeddingModel(loader.get()));
    }

    /** A registry-owned model: everything but {@link #close()} is delegated. */
    private record SharedEmbeddingModel(EmbeddingModel model) implements EmbeddingModel {

        SharedEmbeddingModel {
            Objects.requireNonNull(model, "model");
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
        public List<float[]> embed(List<String> texts) {
            return model.embed(texts);
        }

        @Override
        public float[] embedQuery(String query) {
            return model.embedQuery(query);
        }

        @Override
        public int countTokens(String text) {
            return model.countTokens(text);
        }

        /** Does nothing: the registry keeps the model open for the life of the process. */
        @Override
        public void close() {
        }
    }
}
