package dev.paved.guard.config;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Resolves and caches the runnable policy of each tenant and feature. */
public final class PolicyResolver {
    private record Key(String tenant, String feature) {
    }

    private final GuardrailsConfig config;
    private final Function<String, String> tenantNames;
    private final ConcurrentHashMap<Key, ResolvedPolicy> cache = new ConcurrentHashMap<>();

    /** A resolver whose tenant policies are keyed by tenant id only. */
    public PolicyResolver(GuardrailsConfig config) {
        this(config, tenantId -> null);
    }

    /**
     * @param tenantNames a tenant's name from its id (null when unknown), so a tenant policy may be keyed by either;
     *                    the id wins when both are configured
     * @throws IllegalArgumentException when any configured policy is invalid (checked eagerly)
     */
    public PolicyResolver(GuardrailsConfig config, Function<String, String> tenantNames) {
        this.config = Objects.requireNonNull(config, "config");
        this.tenantNames = Objects.requireNonNull(tenantNames, "tenantNames");
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
        String tenant = tenantKey(tenantId);
        boolean featureMatters = featureId != null && (config.features().containsKey(featureId)
                || (tenant != null && config.tenants().get(tenant).features().containsKey(featureId)));
        String feature = featureMatters ? featureId : null;
        return cache.computeIfAbsent(new Key(tenant, feature), k -> ResolvedPolicy.of(config.effective(k.tenant(), k.feature())));
    }

    /** The key of the tenant's configured policy (its id, else its name), or null when it has none. */
    private String tenantKey(String tenantId) {
        if (tenantId == null || config.tenants().isEmpty()) {
            return null;
        }
        if (config.tenants().containsKey(tenantId)) {
            return tenantId;
        }
        String name = tenantNames.apply(tenantId);
        return name != null && config.tenants().containsKey(name) ? name : null;
    }
}
