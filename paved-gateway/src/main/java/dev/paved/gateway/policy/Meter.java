package dev.paved.gateway.policy;

/**
 * One counter an admission checks, with what it means: whose it is, what it counts, its limit and when
 * it resets.
 *
 * @param scope     {@code tenant}, {@code key} or {@code feature}
 * @param id        the tenant, key or feature id
 * @param limit     the limit in the counter's unit (calls, tokens, ticks of 10^-10 dollars)
 * @param softLimit budgets only: the degrade threshold in ticks of 10^-10 dollars; otherwise the limit
 * @param resetAtMillis when the counter starts over; 0 for concurrency counters
 */
record Meter(Kind kind, String scope, String id, String key, long limit, long softLimit, long resetAtMillis, TrafficClass cls) {
    enum Kind {
        REQUESTS("requests_per_minute"),
        TOKENS("tokens_per_minute"),
        CONCURRENT_REQUESTS("concurrent_requests"),
        CONCURRENT_STREAMS("concurrent_streams"),
        BUDGET_DAY("daily_usd"),
        BUDGET_MONTH("monthly_usd");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        boolean concurrency() {
            return this == CONCURRENT_REQUESTS || this == CONCURRENT_STREAMS;
        }

        boolean budget() {
            return this == BUDGET_DAY || this == BUDGET_MONTH;
        }

        BudgetPeriod period() {
            return this == BUDGET_DAY ? BudgetPeriod.DAY : BudgetPeriod.MONTH;
        }
    }

    BudgetScope budgetScope() {
        return BudgetScope.ofLabel(scope);
    }
}
