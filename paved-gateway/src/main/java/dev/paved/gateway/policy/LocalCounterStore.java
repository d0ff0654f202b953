package dev.paved.gateway.policy;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counters in this process: exact and fast, but each replica counts alone. One lock makes every
 * operation atomic; holding it costs well under a microsecond, so it is not a point of contention.
 * Expired counters are dropped as they are touched and by a sweep every few thousand operations.
 */
public final class LocalCounterStore implements CounterStore {
    private static final int SWEEP_EVERY = 4096;

    private record Cell(long value, long expiresAtMillis) {
    }

    private final Map<String, Cell> cells = new HashMap<>();
    private final LongSupplier clockMillis;
    private int operations;

    public LocalCounterStore() {
        this(System::currentTimeMillis);
    }

    public LocalCounterStore(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public Future<Verdict> acquire(List<Check> checks) {
        return Future.succeededFuture(acquireNow(checks));
    }

    /** {@link #acquire} without the future, for callers on a hot path. */
    public synchronized Verdict acquireNow(List<Check> checks) {
        long now = tick();
        long[] values = new long[checks.size()];
        long[] granted = new long[values.length];
        int failed = -1;
        for (int i = 0; i < values.length; i++) {
            Check c = checks.get(i);
            values[i] = valueOf(c.key(), now);
            if (failed < 0 && values[i] >= c.limit()) {
                failed = i;
            }
        }
        if (failed < 0) {
            for (int i = 0; i < values.length; i++) {
                Check c = checks.get(i);
                granted[i] = CounterStore.grant(c, values[i]);
                if (granted[i] != 0) {
                    values[i] += granted[i];
                    cells.put(c.key(), new Cell(values[i], now + c.ttlMillis()));
                }
            }
        }
        return new Verdict(failed, values, granted);
    }

    @Override
    public synchronized Future<Void> apply(List<Delta> deltas) {
        long now = tick();
        for (Delta d : deltas) {
            long v = Math.max(0, valueOf(d.key(), now) + d.amount());
            cells.put(d.key(), new Cell(v, now + d.ttlMillis()));
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<long[]> read(List<String> keys) {
        long now = clockMillis.getAsLong();
        long[] values = new long[keys.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = valueOf(keys.get(i), now);
        }
        return Future.succeededFuture(values);
    }

    @Override
    public synchronized Future<Void> seed(Map<String, Long> values, long ttlMillis) {
        long now = tick();
        values.forEach((k, v) -> {
            if (valueOf(k, now) == 0 && !cells.containsKey(k)) {
                cells.put(k, new Cell(v, now + ttlMillis));
            }
        });
        return Future.succeededFuture();
    }

    private long valueOf(String key, long now) {
        Cell c = cells.get(key);
        if (c == null) {
            return 0;
        }
        if (c.expiresAtMillis() <= now) {
            cells.remove(key);
            return 0;
        }
        return c.value();
    }

    private long tick() {
        long now = clockMillis.getAsLong();
        if (++operations % SWEEP_EVERY == 0) {
            cells.values().removeIf(c -> c.expiresAtMillis() <= now);
        }
        return now;
    }
}
