package dev.paved.server.config;

import dev.paved.gateway.config.GatewayConfig;
import java.util.Objects;

/** Everything paved.yaml and the PAVED_* environment configure, validated and immutable. */
public record PavedConfig(ServerSettings server, GatewayConfig gateway, KnowledgeConfig knowledge) {
    public PavedConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(knowledge, "knowledge");
    }

    /** Knowledge bases on their defaults. */
    public PavedConfig(ServerSettings server, GatewayConfig gateway) {
        this(server, gateway, KnowledgeConfig.defaults());
    }
}
