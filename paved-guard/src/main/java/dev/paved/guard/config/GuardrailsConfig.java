package dev.paved.guard.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code guardrails:} section of paved.yaml: whether guardrails run, on which APIs, the default policy,
 * and per-tenant policies with per-feature overrides.
 *
 * @param enabled  master switch
 * @param apis     the APIs checked: {@code openai.chat}, {@code anthropic.messages}, {@code rag.chat}
 * @param defaults the policy of every tenant
 * @param features feature id to its overrides, for every tenant
 * @param tenants  tenant id to its overrides
 */
public record GuardrailsConfig(boolean enabled, Set<String> apis, GuardPolicy defaults, Map<String, GuardPolicy> features,
                               Map<String, TenantPolicy> tenants) {
    public static final List<String> APIS = List.of("openai.chat", "anthropic.messages", "rag.chat");

    public GuardrailsConfig {
        apis = Set.copyOf(apis);
        defaults = defaults == null ? GuardPolicy.empty() : defaults;
        features = Map.copyOf(features);
        tenants = Map.copyOf(tenants);
    }

    /** Guardrails off: what a paved.yaml without a {@code guardrails:} section means. */
    public static GuardrailsConfig disabled() {
        return new GuardrailsConfig(false, Set.of(), GuardPolicy.empty(), Map.of(), Map.of());
    }

    /** A tenant's policy and its features' overrides. */
    public record TenantPolicy(GuardPolicy policy, Map<String, GuardPolicy> features) {
        public TenantPolicy {
            policy = policy == null ? GuardPolicy.empty() : policy;
            features = Map.copyOf(features);
        }
    }

    /** The effective policy: defaults, the feature's defaults, the tenant's, then the tenant's feature's. */
    public GuardPolicy effective(String tenantId, String featureId) {
        GuardPolicy p = defaults;
        if (featureId != null) {
            p = p.overlay(features.get(featureId));
        }
        TenantPolicy t = tenantId == null ? null : tenants.get(tenantId);
        if (t != null) {
            p = p.overlay(t.policy());
            if (featureId != null) {
                p = p.overlay(t.features().get(featureId));
            }
        }
        return p;
    }
}
