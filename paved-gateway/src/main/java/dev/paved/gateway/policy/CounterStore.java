package dev.paved.gateway.policy;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where the policy's counters live: in this process ({@link LocalCounterStore}) or in Redis, shared by
 * every replica. Each operation is atomic over all the counters it names and costs one round trip.
 */
public interface CounterStore {
    /**
     * One counter to check and bump. The check passes while the counter is below {@code limit}; when every
     * check passes, each counter grows by its {@code increment}; when one fails, nothing changes.
     *
     * @param ttlMillis how long the counter lives after this change (windows and periods expire by themselves)
     */
    record Check(String key, long limit, long increment, long ttlMillis) {
    }

    /**
     * The outcome of {@link #acquire}.
     *
     * @param failed index of the first check that failed, or -1 when all passed
     * @param values every counter's value after the call (increments applied only when all passed)
     */
    record Verdict(int failed, long[] values) {
        public boolean admitted() {
            return failed < 0;
        }
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
