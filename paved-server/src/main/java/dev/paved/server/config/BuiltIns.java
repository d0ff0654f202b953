package dev.paved.server.config;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.config.TargetConfig;
import java.util.List;
import java.util.Map;

/**
 * What every Paved has without configuring it: the in-process provider and its default embedding alias, and the
 * extractive answerer with its chat alias.
 */
public final class BuiltIns {
    /** Name (and type id) of the provider that runs models inside the Paved process. */
    public static final String LOCAL_PROVIDER = "local";
    /** The embedding model served in-process, and the name of the alias added for it. */
    public static final String DEFAULT_EMBEDDING_MODEL = "bge-small-en-v1.5";

    /** Name of the built-in extractive provider, and of the chat alias that reaches it. */
    public static final String EXTRACTIVE = "extractive";

    private BuiltIns() {
    }

    public static ProviderConfig localProvider() {
        return new ProviderConfig(LOCAL_PROVIDER, ProviderType.LOCAL, null, null, null, Map.of(), null);
    }

    /** The extractive answerer; its loopback URL is assigned when the server starts. */
    public static ProviderConfig extractiveProvider() {
        return new ProviderConfig(EXTRACTIVE, ProviderType.EXTRACTIVE, null, null, null, Map.of(), null);
    }

    /** Chat alias {@code extractive} → {@code extractive/extractive}: answers with quoted sentences, no provider key needed. */
    public static AliasConfig extractiveAlias() {
        return new AliasConfig(EXTRACTIVE, AliasKind.CHAT, List.of(new TargetConfig(EXTRACTIVE, EXTRACTIVE)));
    }

    /** Embedding alias {@code bge-small-en-v1.5} → {@code local/bge-small-en-v1.5}. */
    public static AliasConfig defaultEmbeddingAlias() {
        return new AliasConfig(DEFAULT_EMBEDDING_MODEL, AliasKind.EMBEDDING,
                List.of(new TargetConfig(LOCAL_PROVIDER, DEFAULT_EMBEDDING_MODEL)));
    }
}
