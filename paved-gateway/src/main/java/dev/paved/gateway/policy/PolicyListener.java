package dev.paved.gateway.policy;

/** What the traffic policy decided, for metrics. Called on the request path: must be cheap and never throw. */
public interface PolicyListener {
    PolicyListener NONE = new PolicyListener() {
    };

    /** A call was refused; {@code code} is the error code, {@code scope} tenant/key/feature/global/alias, {@code meter} what ran out. */
    default void refused(String code, String scope, String meter) {
    }

    /** A budget's soft threshold sent a call to a cheaper alias. */
    default void degraded(String fromAlias, String toAlias) {
    }

    /** A budget's spend as seen at admission, in ticks of 10^-10 dollars, with its cap. */
    default void budgetSeen(BudgetScope scope, String id, BudgetPeriod period, long spentTicks, long capTicks) {
    }
}
