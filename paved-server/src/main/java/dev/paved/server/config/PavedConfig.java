package dev.paved.server.config;

import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.policy.PolicyConfig;
import java.util.Objects;

/** Everything paved.yaml and the PAVED_* environment configure, validated and immutable. */
public record PavedConfig(ServerSettings server, GatewayConfig gateway, PolicyConfig policy) {
    public PavedConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(policy, "policy");
    }

    /** No limits, budgets or tenant rules. */
    public PavedConfig(ServerSettings server, GatewayConfig gateway) {
        this(server, gateway, PolicyConfig.NONE);
    }
}
