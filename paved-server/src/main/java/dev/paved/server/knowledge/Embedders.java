package dev.paved.server.knowledge;

import dev.paved.embedding.EmbeddingModels;
import dev.paved.knowledge.embed.Embedder;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The embedding models knowledge bases may pin: the in-process models, plus any the server was given. */
public final class Embedders {

    private final Map<String, Embedder> extra;

    public Embedders(Map<String, Embedder> extra) {
        this.extra = Map.copyOf(extra);
    }

    /** @throws IllegalArgumentException naming the known models when {@code id} is not one */
    public Embedder get(String id) {
        Embedder e = extra.get(id);
        if (e != null) {
            return e;
        }
        if (!EmbeddingModels.knownIds().contains(id)) {
            throw new IllegalArgumentException("unknown embedding model '" + id + "'; known models: " + String.join(", ", knownIds()));
        }
        return Embedder.of(EmbeddingModels.get(id));
    }

    public List<String> knownIds() {
        TreeSet<String> ids = new TreeSet<>(EmbeddingModels.knownIds());
        ids.addAll(extra.keySet());
        return List.copyOf(ids);
    }
}
