package dev.paved.gateway.policy;

import java.time.Instant;
import java.util.Locale;

/**
 * Names of the policy's counters, the same in every store and on every replica, and how long each lives.
 * Rate counters are per fixed UTC minute; concurrency counters have no window; budget counters are per UTC
 * day or month.
 */
public final class CounterKeys {
    public static final long MINUTE_MILLIS = 60_000;
    /** A minute's counter outlives its minute so late token charges still land. */
    public static final long RATE_TTL_MILLIS = 2 * MINUTE_MILLIS;
    /** In-flight counters expire if a replica died holding slots and nothing touched them for this long. */
    public static final long CONCURRENCY_TTL_MILLIS = 60 * MINUTE_MILLIS;
    private static final String PREFIX = "paved:";

    private CounterKeys() {
    }

    public static long minuteOf(long epochMillis) {
        return epochMillis / MINUTE_MILLIS;
    }

    /** @param meter {@code req} or {@code tok} */
    public static String rate(String scope, String id, String meter, long minute) {
        return PREFIX + "rl:" + scope + ":" + id + ":" + meter + ":" + minute;
    }

    /** @param meter {@code req} or {@code stream} */
    public static String concurrency(String scope, String id, TrafficClass cls, String meter) {
        return PREFIX + "cc:" + scope + ":" + id + ":" + cls.name().toLowerCase(Locale.ROOT) + ":" + meter;
    }

    public static String budget(BudgetScope scope, String id, BudgetPeriod period, Instant at) {
        return PREFIX + "bg:" + scope.label() + ":" + id + ":" + period.label() + ":" + period.id(at);
    }

    /** A budget counter lives a day past its period. */
    public static long budgetTtlMillis(BudgetPeriod period, Instant at) {
        return period.end(at).toEpochMilli() - at.toEpochMilli() + 24 * 60 * MINUTE_MILLIS;
    }
}
