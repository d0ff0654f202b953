package dev.paved.server.config;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.config.TargetConfig;
import java.util.List;
import java.util.Map;

/** What every Paved has without configuring it: the in-process provider and its default embedding alias. */
public final class BuiltIns {
    /** Name (and type id) of the provider that runs models inside the Paved process. */
    public static final String LOCAL_PROVIDER = "local";
    /** The embedding model served in-process, and the name of the alias added for it. */
    public static final String DEFAULT_EMBEDDING_MODEL = "bge-small-en-v1.5";

    private BuiltIns() {
    }

    public static ProviderConfig localProvider() {
        return new ProviderConfig(LOCAL_PROVIDER, ProviderType.LOCAL, null, null, null, Map.of(), null);
    }

    /** Embedding alias {@code bge-small-en-v1.5} → {@code local/bge-small-en-v1.5}. */
    public static AliasConfig defaultEmbeddingAlias() {
        return new AliasConfig(DEFAULT_EMBEDDING_MODEL, AliasKind.EMBEDDING,
                List.of(new TargetConfig(LOCAL_PROVIDER, DEFAULT_EMBEDDING_MODEL)));
    }
}
