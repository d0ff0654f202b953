package dev.paved.server.config;

import dev.paved.gateway.config.GatewayConfig;
import java.util.Objects;

/** Everything paved.yaml and the PAVED_* environment configure, validated and immutable. */
public record PavedConfig(ServerSettings server, GatewayConfig gateway) {
    public PavedConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(gateway, "gateway");
    }
}
