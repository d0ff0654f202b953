package dev.paved.guard.config;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Resolves and caches the runnable policy of each tenant and feature. */
public final class PolicyResolver {
    private record Key(String tenant, String feature) {
    }

    private final GuardrailsConfig config;
    private final ConcurrentHashMap<Key, ResolvedPolicy> cache = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when any configured policy is invalid (checked eagerly) */
    public PolicyResolver(GuardrailsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.enabled()) {
            resolve(null, null);
            config.features().keySet().forEach(f -> resolve(null, f));
            config.tenants().forEach((tenant, t) -> {
                resolve(tenant, null);
                t.features().keySet().forEach(f -> resolve(tenant, f));
            });
        }
    }

    public GuardrailsConfig config() {
        return config;
    }

    /** Guardrails apply to {@code api} ({@code openai.chat}, {@code anthropic.messages}). */
    public boolean applies(String api) {
        return config.enabled() && config.apis().contains(api);
    }

    public ResolvedPolicy resolve(String tenantId, String featureId) {
        String tenant = tenantId != null && config.tenants().containsKey(tenantId) ? tenantId : null;
        boolean featureMatters = featureId != null && (config.features().containsKey(featureId)
                || (tenant != null && config.tenants().get(tenant).features().containsKey(featureId)));
        String feature = featureMatters ? featureId : null;
        return cache.computeIfAbsent(new Key(tenant, feature), k -> ResolvedPolicy.of(config.effective(k.tenant(), k.feature())));
    }
}
