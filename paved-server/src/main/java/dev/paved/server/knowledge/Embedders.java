package dev.paved.server.knowledge;

import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import dev.paved.knowledge.embed.Embedder;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The embedding models knowledge bases may pin: the in-process models by id ({@code bge-small-en-v1.5}), any
 * embedding alias of the gateway as {@code gateway:<alias>}, and any the server was given (tests).
 */
public final class Embedders {

    private final Map<String, Embedder> extra;
    private final GatewayEmbeddings gateway;
    private final Function<String, EmbeddingModel> local;

    public Embedders(Map<String, Embedder> extra) {
        this(extra, null);
    }

    /** @param gateway the gateway's embedding aliases, or null when knowledge bases may not use them */
    public Embedders(Map<String, Embedder> extra, GatewayEmbeddings gateway) {
        this(extra, gateway, EmbeddingModels::get);
    }

    /** @param local the in-process models by id ({@link EmbeddingModels#get}) */
    public Embedders(Map<String, Embedder> extra, GatewayEmbeddings gateway, Function<String, EmbeddingModel> local) {
        this.extra = Map.copyOf(extra);
        this.gateway = gateway;
        this.local = local;
    }

    /**
     * The embedder of model {@code id} acting for {@code tenantId} (gateway calls are recorded in its ledger).
     *
     * @throws IllegalArgumentException naming the known models when {@code id} is not one
     */
    public Embedder get(String id, String tenantId) {
        Embedder e = extra.get(id);
        if (e != null) {
            return e;
        }
        if (id != null && id.startsWith(GatewayEmbeddings.PREFIX) && gateway != null) {
            return gateway.embedder(id, tenantId);
        }
        if (!EmbeddingModels.knownIds().contains(id)) {
            throw new IllegalArgumentException("unknown embedding model '" + id + "'; use one of " + String.join(", ", knownIds())
                    + (gateway == null ? "" : ", or gateway:<alias> for an embedding alias of the gateway"));
        }
        return Embedder.of(local.apply(id));
    }

    public List<String> knownIds() {
        TreeSet<String> ids = new TreeSet<>(EmbeddingModels.knownIds());
        ids.addAll(extra.keySet());
        return List.copyOf(ids);
    }
}
