package dev.paved.gateway.policy;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The traffic policy as configured in paved.yaml ({@code limits:}, {@code budgets:}, {@code tenants:}).
 * Tenants are named by tenant name, keys by key id ({@code key_...}), features by feature id. A per-scope
 * override replaces only the fields it sets; the rest come from the defaults.
 *
 * @param softAt    default soft threshold of every budget, as a fraction of its cap
 * @param degradeTo alias to route instead once a budget's soft threshold is reached, by requested alias
 */
public record PolicyConfig(RateLimits tenantLimits, RateLimits keyLimits, Map<String, RateLimits> tenantLimitOverrides,
                           Map<String, RateLimits> keyLimitOverrides, Budget tenantBudget, Budget keyBudget, Budget featureBudget,
                           Map<String, Budget> tenantBudgets, Map<String, Budget> keyBudgets, Map<String, Budget> featureBudgets,
                           BigDecimal softAt, Map<String, String> degradeTo, Map<String, TenantRule> tenantRules) {
    public static final BigDecimal DEFAULT_SOFT_AT = new BigDecimal("0.8");
    public static final PolicyConfig NONE = new PolicyConfig(RateLimits.NONE, RateLimits.NONE, Map.of(), Map.of(), Budget.NONE,
            Budget.NONE, Budget.NONE, Map.of(), Map.of(), Map.of(), DEFAULT_SOFT_AT, Map.of(), Map.of());

    public PolicyConfig {
        tenantLimitOverrides = Map.copyOf(tenantLimitOverrides);
        keyLimitOverrides = Map.copyOf(keyLimitOverrides);
        tenantBudgets = Map.copyOf(tenantBudgets);
        keyBudgets = Map.copyOf(keyBudgets);
        featureBudgets = Map.copyOf(featureBudgets);
        degradeTo = Map.copyOf(degradeTo);
        tenantRules = Map.copyOf(tenantRules);
        softAt = softAt == null ? DEFAULT_SOFT_AT : softAt;
    }

    public RateLimits limitsOfTenant(String tenantName) {
        RateLimits o = tenantName == null ? null : tenantLimitOverrides.get(tenantName);
        return o == null ? tenantLimits : o.over(tenantLimits);
    }

    public RateLimits limitsOfKey(String keyId) {
        RateLimits o = keyId == null ? null : keyLimitOverrides.get(keyId);
        return o == null ? keyLimits : o.over(keyLimits);
    }

    public Budget budgetOf(BudgetScope scope, String id) {
        Map<String, Budget> overrides = switch (scope) {
            case TENANT -> tenantBudgets;
            case KEY -> keyBudgets;
            case FEATURE -> featureBudgets;
        };
        Budget base = switch (scope) {
            case TENANT -> tenantBudget;
            case KEY -> keyBudget;
            case FEATURE -> featureBudget;
        };
        Budget o = id == null ? null : overrides.get(id);
        return (o == null ? base : o.over(base)).over(new Budget(null, null, softAt));
    }

    /** True when some per-tenant setting needs the tenant's name (limits, budgets or rules). */
    public boolean needsTenantNames() {
        return !tenantLimitOverrides.isEmpty() || !tenantBudgets.isEmpty() || !tenantRules.isEmpty();
    }

    /** True when anything at all is limited: otherwise admission has nothing to count. */
    public boolean countsAnything() {
        return !tenantLimits.isEmpty() || !keyLimits.isEmpty() || !tenantLimitOverrides.isEmpty() || !keyLimitOverrides.isEmpty()
                || !tenantBudget.isEmpty() || !keyBudget.isEmpty() || !featureBudget.isEmpty()
                || !tenantBudgets.isEmpty() || !keyBudgets.isEmpty() || !featureBudgets.isEmpty();
    }
}
