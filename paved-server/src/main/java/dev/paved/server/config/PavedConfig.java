package dev.paved.server.config;

import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.policy.PolicyConfig;
import dev.paved.guard.config.GuardrailsConfig;
import java.util.Objects;

/** Everything paved.yaml and the PAVED_* environment configure, validated and immutable. */
public record PavedConfig(ServerSettings server, GatewayConfig gateway, KnowledgeConfig knowledge, PolicyConfig policy,
        GuardrailsConfig guardrails) {
    public PavedConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(knowledge, "knowledge");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(guardrails, "guardrails");
    }

    /** Knowledge bases on their defaults; no limits, budgets, tenant rules or guardrails. */
    public PavedConfig(ServerSettings server, GatewayConfig gateway) {
        this(server, gateway, KnowledgeConfig.defaults(), PolicyConfig.NONE, GuardrailsConfig.disabled());
    }
}
