package dev.paved.gateway.policy;

import java.math.BigDecimal;

/**
 * Spending caps of one scope (a tenant, a key or a feature) in US dollars per UTC day and month. A null
 * cap means none. At {@code softAt} (a fraction of a cap, 0 to 1) calls are degraded to a cheaper alias;
 * at the cap they are refused.
 */
public record Budget(BigDecimal dailyUsd, BigDecimal monthlyUsd, BigDecimal softAt) {
    public static final Budget NONE = new Budget(null, null, null);

    public Budget over(Budget base) {
        return new Budget(RateLimits.or(dailyUsd, base.dailyUsd), RateLimits.or(monthlyUsd, base.monthlyUsd),
                RateLimits.or(softAt, base.softAt));
    }

    public BigDecimal cap(BudgetPeriod period) {
        return period == BudgetPeriod.DAY ? dailyUsd : monthlyUsd;
    }

    public boolean isEmpty() {
        return dailyUsd == null && monthlyUsd == null;
    }
}
