package dev.paved.gateway.policy;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where the policy's counters live: in this process ({@link LocalCounterStore}) or in Redis, shared by
 * every replica. Each operation is atomic over all the counters it names and costs one round trip.
 */
public interface CounterStore {
    /** A lease never takes more than this share of what is left under a limit: {@code (limit - value) / LEASE_SHARE}. */
    long LEASE_SHARE = 4;

    /**
     * One counter to check and bump. The check passes while the counter is below {@code limit}; when every
     * check passes, each counter grows by what the store grants (see {@link #grant}); when one fails, nothing changes.
     *
     * @param increment what this call needs
     * @param lease     what the caller would like to take at once, to spend later without asking ({@link LeasedCounterStore});
     *                  equal to {@code increment} when it wants no lease
     * @param ttlMillis how long the counter lives after this change (windows and periods expire by themselves)
     */
    record Check(String key, long limit, long increment, long lease, long ttlMillis) {
        public Check {
            if (increment < 0 || lease < increment) {
                throw new IllegalArgumentException("need 0 <= increment <= lease, got " + increment + " and " + lease);
            }
        }

        /** A check that takes exactly what it needs. */
        public Check(String key, long limit, long increment, long ttlMillis) {
            this(key, limit, increment, increment, ttlMillis);
        }
    }

    /**
     * The outcome of {@link #acquire}.
     *
     * @param failed  index of the first check that failed, or -1 when all passed
     * @param values  every counter's value after the call (grants applied only when all passed)
     * @param granted what each counter grew by: 0 for all when one failed, else between the check's increment and its lease
     */
    record Verdict(int failed, long[] values, long[] granted) {
        public boolean admitted() {
            return failed < 0;
        }
    }

    /**
     * What a passing check takes: its increment, or up to its lease while the counter is far from its limit. A lease
     * never takes more than a {@link #LEASE_SHARE quarter} of what is left, so near the limit every call takes only
     * what it needs and the limit stays exact. The Redis script computes the same.
     */
    static long grant(Check c, long value) {
        if (c.lease() <= c.increment()) {
            return c.increment();
        }
        return Math.max(c.increment(), Math.min(c.lease(), (c.limit() - value) / LEASE_SHARE));
    }

    /** One change to a counter; a negative {@code amount} never takes it below zero. */
    record Delta(String key, long amount, long ttlMillis) {
    }

    Future<Verdict> acquire(List<Check> checks);

    Future<Void> apply(List<Delta> deltas);

    /** Current values; absent counters read as 0. */
    Future<long[]> read(List<String> keys);

    /** Sets counters that do not exist yet (seeding running totals from the ledger at start-up). */
    Future<Void> seed(Map<String, Long> values, long ttlMillis);
}
