package dev.paved.gateway.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-tenant rules from paved.yaml's {@code tenants:} section, by tenant id, for routing: the tenant's
 * home region and the aliases it may use. Admission resolves the tenant's name before routing runs, so
 * these synchronous lookups find it cached.
 */
public final class TenantRules {
    public static final TenantRules NONE = new TenantRules(Map.of(), TenantDirectory.NONE);

    private final Map<String, TenantRule> byName;
    private final TenantDirectory tenants;

    public TenantRules(Map<String, TenantRule> byName, TenantDirectory tenants) {
        this.byName = Map.copyOf(byName);
        this.tenants = tenants;
    }

    /** The tenant's rule; {@link TenantRule#OPEN} when it has none. */
    public TenantRule of(String tenantId) {
        if (byName.isEmpty() || tenantId == null) {
            return TenantRule.OPEN;
        }
        String name = tenants.cachedName(tenantId);
        TenantRule r = name == null ? null : byName.get(name);
        return r == null ? TenantRule.OPEN : r;
    }

    /** The region the tenant's calls must stay in; empty when it may reach any. */
    public Optional<String> homeRegion(String tenantId) {
        return Optional.ofNullable(of(tenantId).region());
    }

    /** Aliases the tenant may use; empty means all. */
    public Set<String> allowedAliases(String tenantId) {
        return of(tenantId).allowedAliases();
    }

    public boolean mayUse(String tenantId, String alias) {
        return of(tenantId).mayUse(alias);
    }
}
