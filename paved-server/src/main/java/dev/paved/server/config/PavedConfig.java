package dev.paved.server.config;

import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.policy.PolicyConfig;
import dev.paved.guard.config.GuardrailsConfig;
import dev.paved.server.auth.jwt.JwtSettings;
import java.util.Objects;

/** Everything paved.yaml and the PAVED_* environment configure, validated and immutable. */
public record PavedConfig(ServerSettings server, GatewayConfig gateway, KnowledgeConfig knowledge, PolicyConfig policy,
        GuardrailsConfig guardrails, RagConfig rag, JwtSettings auth) {
    public PavedConfig {
        rag = rag == null ? RagConfig.defaultsOnly() : rag;
        auth = auth == null ? JwtSettings.none() : auth;
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(knowledge, "knowledge");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(guardrails, "guardrails");
    }

    /** Knowledge bases on their defaults; no limits, budgets, tenant rules or guardrails. */
    public PavedConfig(ServerSettings server, GatewayConfig gateway) {
        this(server, gateway, KnowledgeConfig.defaults(), PolicyConfig.NONE, GuardrailsConfig.disabled(), RagConfig.defaultsOnly(), JwtSettings.none());
    }

    public PavedConfig(ServerSettings server, GatewayConfig gateway, KnowledgeConfig knowledge, PolicyConfig policy,
                       GuardrailsConfig guardrails) {
        this(server, gateway, knowledge, policy, guardrails, RagConfig.defaultsOnly(), JwtSettings.none());
    }

    public PavedConfig(ServerSettings server, GatewayConfig gateway, KnowledgeConfig knowledge, PolicyConfig policy,
                       GuardrailsConfig guardrails, RagConfig rag) {
        this(server, gateway, knowledge, policy, guardrails, rag, JwtSettings.none());
    }

    /** The same configuration with another gateway part (the server fills in in-process providers' endpoints). */
    public PavedConfig withGateway(GatewayConfig g) {
        return new PavedConfig(server, g, knowledge, policy, guardrails, rag, auth);
    }
}
