package dev.paved.server.config;

import dev.paved.gateway.config.GatewayConfig;
import dev.paved.guard.config.GuardrailsConfig;
import java.util.Objects;

/** Everything paved.yaml and the PAVED_* environment configure, validated and immutable. */
public record PavedConfig(ServerSettings server, GatewayConfig gateway, GuardrailsConfig guardrails) {
    public PavedConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(guardrails, "guardrails");
    }

    /** Without guardrails. */
    public PavedConfig(ServerSettings server, GatewayConfig gateway) {
        this(server, gateway, GuardrailsConfig.disabled());
    }
}
