package dev.paved.gateway.policy;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Admissions without a round trip to the shared store while a counter is busy on this replica (ADR 0015).
 *
 * <p>A counter that grows per call (requests per minute, concurrency slots) is taken from the shared store in
 * <em>leases</em>: when this replica has admitted at least {@link Settings#busyPerBucket} calls on it in the last
 * {@link Settings#bucketMillis}, the next trip to the store asks for about {@link Settings#leaseCoverMillis} of its
 * traffic at once, and later calls spend that lease here. The store counts a lease in full when it grants it, so the
 * sum over all replicas never passes the limit; and it grants at most a quarter of what is left
 * ({@link CounterStore#grant}), so near the limit every call goes to the store and the limit stays exact. Leases
 * are given back when they grow old ({@link Settings#leaseMaxAgeMillis}) or idle ({@link Settings#idleReturnMillis})
 * by {@link #sweep}, and concurrency slots released while a lease is held go back to it.
 *
 * <p>A counter that is only checked at admission and charged later (tokens per minute, budgets) is read from the
 * store with every trip; while it is busy, calls within {@link Settings#readMaxAgeMillis} of that read are checked
 * against it plus what this replica charged since. Other replicas' charges are thus seen up to that long late: the
 * same kind of lag as the charges of calls still running, which only land when they end. Within a margin below the
 * limit (what the counter grew by in that time, as measured between readings) every call asks the store, so a cap
 * stops calls where it is reached. Charges to a busy counter are
 * summed here and sent together once {@link Settings#chargeFlushMillis} have passed, so a release costs no round trip
 * either; charges to quiet counters are sent at once.
 *
 * <p>Quiet counters, the common case in tests and for small tenants, take exactly what they need, every time, in the
 * store: leases only start where a round trip per call would cost the most.
 */
public final class LeasedCounterStore implements CounterStore {
    /**
     * @param bucketMillis      window in which a counter's calls on this replica are counted
     * @param busyPerBucket     calls in the previous window from which a counter is leased or read from memory
     * @param leaseCoverMillis  how much of the counter's recent traffic a lease asks for
     * @param maxLease          largest lease asked for, in units of the counter
     * @param leaseMaxAgeMillis a lease is given back at this age, so counters refresh their TTL and other replicas get
     *                          their share back
     * @param idleReturnMillis  a lease not used for this long is given back early
     * @param readMaxAgeMillis  how long a read of a check-only counter is trusted while it is busy
     * @param chargeFlushMillis how long charges to busy counters are summed before they are sent
     */
    public record Settings(long bucketMillis, int busyPerBucket, long leaseCoverMillis, long maxLease, long leaseMaxAgeMillis,
                           long idleReturnMillis, long readMaxAgeMillis, long chargeFlushMillis) {
        public static final Settings DEFAULT = new Settings(100, 8, 50, 1_000, 1_000, 200, 100, 20);

        public Settings {
            if (bucketMillis <= 0 || busyPerBucket <= 0 || leaseCoverMillis <= 0 || maxLease <= 0 || leaseMaxAgeMillis <= 0
                    || idleReturnMillis <= 0 || readMaxAgeMillis < 0 || chargeFlushMillis < 0) {
                throw new IllegalArgumentException("lease settings must be positive: " + this);
            }
        }
    }

    /** A time long before any clock reading: "never" for the last reading, without overflowing when subtracted. */
    private static final long NEVER = Long.MIN_VALUE / 2;
    /** A counter with nothing leased or waiting is forgotten after this many windows without a call. */
    private static final int FORGET_AFTER_BUCKETS = 50;

    /** This replica's view of one counter; guarded by the store's lock. */
    private static final class Counter {
        long bucketStart;
        int inBucket;
        int lastBucket;
        long lastUsed;
        /** Units the store counted for this replica and not spent yet. */
        long leftover;
        long leasedAt;
        boolean leased;
        /** The counter's value in the store right after the last grant (it includes {@link #leftover}). */
        long valueAtGrant;
        long ttlMillis;
        long seenValue;
        long seenAt = NEVER;
        /** How much the counter may grow in Redis before this replica's next reading, from its growth between readings. */
        long margin;
        /** The reading the growth is measured from. */
        long rateValue;
        long rateAt = NEVER;
        /** What this replica charged since {@link #seenAt}. */
        long chargedSince;
        /** Charges summed here and not sent to the store yet, with the TTL they carry. */
        long unsent;
        long unsentTtlMillis;
        /** Calls waiting on the store that will update this counter; it is not forgotten meanwhile. */
        int waiting;

        long known() {
            return leased ? valueAtGrant - leftover : seenValue + chargedSince;
        }
    }

    private final CounterStore store;
    private final Settings settings;
    private final LongSupplier clockMillis;
    private final Map<String, Counter> counters = new HashMap<>();
    /** When the oldest unsent charge was summed, or -1 when none is waiting. */
    private long unsentSince = -1;
    private long answeredHere;
    private long askedStore;

    public LeasedCounterStore(CounterStore store, Settings settings, LongSupplier clockMillis) {
        this.store = store;
        this.settings = settings;
        this.clockMillis = clockMillis;
    }

    @Override
    public Future<Verdict> acquire(List<Check> checks) {
        int n = checks.size();
        Counter[] cs = new Counter[n];
        long[] values = new long[n];
        boolean[] remote = new boolean[n];
        List<Check> ask = new ArrayList<>(0);
        long now = clockMillis.getAsLong();
        synchronized (this) {
            int failed = -1;
            for (int i = 0; i < n; i++) {
                Check c = checks.get(i);
                Counter k = counter(c.key(), now);
                cs[i] = k;
                values[i] = k.known();
                if (c.increment() > 0) {
                    remote[i] = !(k.leased && k.leftover >= c.increment() && now - k.leasedAt < settings.leaseMaxAgeMillis());
                } else if (busy(k) && now - k.seenAt < settings.readMaxAgeMillis()) {
                    // at or over the limit by this replica's own count: certain; within the margin below it: ask
                    if (failed < 0 && values[i] >= c.limit()) {
                        failed = i;
                    }
                    remote[i] = values[i] < c.limit() && values[i] + k.margin >= c.limit();
                } else {
                    remote[i] = true;
                }
                if (remote[i] && c.increment() > 0) {
                    ask.add(new Check(c.key(), c.limit(), c.increment(), busy(k) ? want(k, c.increment()) : c.increment(), c.ttlMillis()));
                } else if (remote[i]) {
                    // the store does not have this replica's unsent charges yet: it checks against what they leave
                    ask.add(new Check(c.key(), c.limit() - k.unsent, 0, c.ttlMillis()));
                }
            }
            if (failed >= 0) {
                answeredHere++;
                return Future.succeededFuture(new Verdict(failed, values, new long[n]));
            }
            if (ask.isEmpty()) {
                answeredHere++;
                return Future.succeededFuture(new Verdict(-1, spendLeases(checks, cs, values), increments(checks)));
            }
            // units taken from leases now, so a concurrent call cannot spend them too; given back if the store refuses
            for (int i = 0; i < n; i++) {
                if (!remote[i]) {
                    cs[i].leftover -= checks.get(i).increment();
                }
                cs[i].waiting++;
            }
            askedStore++;
        }
        return store.acquire(ask).transform(ar -> {
            synchronized (this) {
                for (Counter k : cs) {
                    k.waiting--;
                }
                if (ar.failed() || !ar.result().admitted()) {
                    for (int i = 0; i < n; i++) {
                        if (!remote[i]) {
                            cs[i].leftover += checks.get(i).increment();
                        }
                    }
                }
                if (ar.failed()) {
                    return Future.failedFuture(ar.cause());
                }
                Verdict v = ar.result();
                int j = 0;
                int failed = -1;
                for (int i = 0; i < n; i++) {
                    Check c = checks.get(i);
                    Counter k = cs[i];
                    if (!remote[i]) {
                        if (v.admitted()) {
                            values[i] = k.known();
                        }
                        continue;
                    }
                    if (v.failed() == j) {
                        failed = i;
                    }
                    long value = v.values()[j];
                    if (c.increment() == 0) {
                        k.margin = margin(k, value, now);
                        k.seenValue = value;
                        k.seenAt = now;
                        k.chargedSince = k.unsent;
                        values[i] = value + k.unsent;
                    } else if (v.admitted()) {
                        long extra = v.granted()[j] - c.increment();
                        if (extra > 0 || k.leased) {
                            k.leftover += extra;
                            k.valueAtGrant = value;
                            k.ttlMillis = c.ttlMillis();
                            if (!k.leased || extra > 0) {
                                k.leasedAt = now;
                            }
                            k.leased = true;
                        }
                        values[i] = k.leased ? k.known() : value;
                    } else {
                        values[i] = value;
                    }
                    j++;
                }
                return Future.succeededFuture(new Verdict(failed, values, v.admitted() ? increments(checks) : new long[n]));
            }
        });
    }

    /** Admits from leases and readings alone: every counter was servable here and none failed. */
    private long[] spendLeases(List<Check> checks, Counter[] cs, long[] values) {
        for (int i = 0; i < values.length; i++) {
            long inc = checks.get(i).increment();
            if (inc > 0) {
                cs[i].leftover -= inc;
                values[i] += inc;
            }
        }
        return values;
    }

    private static long[] increments(List<Check> checks) {
        long[] out = new long[checks.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = checks.get(i).increment();
        }
        return out;
    }

    /**
     * Charges count against this replica's readings at once; they go to the store at once for quiet counters, and
     * summed with others every {@link Settings#chargeFlushMillis} for busy ones. A release of units of a counter this
     * replica holds a lease on (a concurrency slot) goes back to that lease; what the lease would then hold above
     * {@link Settings#maxLease} goes back to the store.
     */
    @Override
    public Future<Void> apply(List<Delta> deltas) {
        List<Delta> forward = new ArrayList<>(deltas.size());
        long now = clockMillis.getAsLong();
        synchronized (this) {
            if (unsentSince >= 0 && now - unsentSince >= settings.chargeFlushMillis()) {
                takeUnsent(forward);
            }
            for (Delta d : deltas) {
                Counter k = counters.get(d.key());
                if (k != null && d.amount() < 0 && k.leased && now - k.leasedAt < settings.leaseMaxAgeMillis()) {
                    k.leftover -= d.amount();
                    if (k.leftover > settings.maxLease()) {
                        forward.add(new Delta(d.key(), settings.maxLease() - k.leftover, d.ttlMillis()));
                        k.leftover = settings.maxLease();
                    }
                    continue;
                }
                if (k != null && d.amount() > 0) {
                    k.chargedSince += d.amount();
                    if (busy(k)) {
                        k.unsent += d.amount();
                        k.unsentTtlMillis = d.ttlMillis();
                        unsentSince = unsentSince < 0 ? now : unsentSince;
                        continue;
                    }
                }
                forward.add(d);
            }
        }
        return forward.isEmpty() ? Future.succeededFuture() : send(forward);
    }

    /** Moves every unsent charge into {@code out}; caller holds the lock. */
    private void takeUnsent(List<Delta> out) {
        for (Map.Entry<String, Counter> e : counters.entrySet()) {
            Counter k = e.getValue();
            if (k.unsent != 0) {
                out.add(new Delta(e.getKey(), k.unsent, k.unsentTtlMillis));
                k.unsent = 0;
            }
        }
        unsentSince = -1;
    }

    /** Sends changes; charges the store did not take are kept to be sent again with the next ones. */
    private Future<Void> send(List<Delta> deltas) {
        return store.apply(deltas).onFailure(e -> {
            long now = clockMillis.getAsLong();
            synchronized (this) {
                for (Delta d : deltas) {
                    Counter k = counters.get(d.key());
                    if (k != null && d.amount() > 0) {
                        k.unsent += d.amount();
                        k.unsentTtlMillis = d.ttlMillis();
                        unsentSince = unsentSince < 0 ? now : unsentSince;
                    }
                }
            }
        });
    }

    @Override
    public Future<long[]> read(List<String> keys) {
        return store.read(keys);
    }

    @Override
    public Future<Void> seed(Map<String, Long> values, long ttlMillis) {
        return store.seed(values, ttlMillis);
    }

    /**
     * Sends the charges waiting, gives back leases that are old or idle and forgets counters not used for a while;
     * call it every {@link Settings#bucketMillis} or so. Returns how many leased units went back.
     */
    public Future<Long> sweep() {
        return giveBack(false);
    }

    /** Sends every charge waiting and gives back every lease (at shutdown), so other replicas can use what this one held. */
    public Future<Long> giveBackAll() {
        return giveBack(true);
    }

    private Future<Long> giveBack(boolean all) {
        long now = clockMillis.getAsLong();
        List<Delta> back = new ArrayList<>();
        long units = 0;
        synchronized (this) {
            takeUnsent(back);
            for (Iterator<Map.Entry<String, Counter>> it = counters.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Counter> e = it.next();
                Counter k = e.getValue();
                if (k.leased && (all || now - k.leasedAt >= settings.leaseMaxAgeMillis() || now - k.lastUsed >= settings.idleReturnMillis())) {
                    if (k.leftover > 0) {
                        back.add(new Delta(e.getKey(), -k.leftover, k.ttlMillis));
                        units += k.leftover;
                    }
                    k.leftover = 0;
                    k.leased = false;
                }
                if (!k.leased && k.waiting == 0 && k.unsent == 0 && now - k.lastUsed >= FORGET_AFTER_BUCKETS * settings.bucketMillis()) {
                    it.remove();
                }
            }
        }
        long returned = units;
        return back.isEmpty() ? Future.succeededFuture(0L) : send(back).map(v -> returned);
    }

    /** Units this replica holds in leases, over all counters (for tests and metrics). */
    public synchronized long leasedUnits() {
        long sum = 0;
        for (Counter k : counters.values()) {
            sum += k.leased ? k.leftover : 0;
        }
        return sum;
    }

    /** Admissions answered from leases and readings alone, without a trip to the store. */
    public synchronized long answeredHere() {
        return answeredHere;
    }

    /** Admissions that asked the store. */
    public synchronized long askedStore() {
        return askedStore;
    }

    private Counter counter(String key, long now) {
        Counter k = counters.computeIfAbsent(key, x -> new Counter());
        long bucket = now - Math.floorMod(now, settings.bucketMillis());
        if (bucket != k.bucketStart) {
            k.lastBucket = bucket - k.bucketStart == settings.bucketMillis() ? k.inBucket : 0;
            k.inBucket = 0;
            k.bucketStart = bucket;
        }
        k.inBucket++;
        k.lastUsed = now;
        return k;
    }

    /**
     * What the counter may gain, from any replica, in the time a reading is trusted plus the time charges wait to be
     * sent, at the pace it grew over the last half reading age or more. Within that margin of the limit every call asks the
     * store, so a cap is enforced where it is reached, not up to a reading's age later.
     */
    private long margin(Counter k, long value, long now) {
        long elapsed = now - k.rateAt;
        if (elapsed < settings.readMaxAgeMillis() / 2) {
            return k.margin;
        }
        long grown = value - k.rateValue;
        k.rateValue = value;
        k.rateAt = now;
        if (grown <= 0 || elapsed > 10 * settings.readMaxAgeMillis()) {
            return 0;
        }
        return (long) Math.ceil((double) grown / elapsed * (settings.readMaxAgeMillis() + settings.chargeFlushMillis()));
    }

    private boolean busy(Counter k) {
        return k.lastBucket >= settings.busyPerBucket();
    }

    private long want(Counter k, long increment) {
        if (increment == 0) {
            return 0;
        }
        long calls = k.lastBucket * settings.leaseCoverMillis() / settings.bucketMillis();
        return Math.max(increment, Math.min(settings.maxLease(), calls * increment));
    }
}
