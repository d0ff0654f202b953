package dev.paved.gateway.policy;

import java.util.Set;

/**
 * What a tenant may reach: its home region (null: any) and the aliases it may use (empty: all).
 */
public record TenantRule(String region, Set<String> allowedAliases) {
    public static final TenantRule OPEN = new TenantRule(null, Set.of());

    public TenantRule {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
    }

    public boolean mayUse(String alias) {
        return allowedAliases.isEmpty() || allowedAliases.contains(alias);
    }
}
