package dev.paved.gateway.cache;

import dev.paved.core.Usage;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Hits, misses and savings per tenant, feature and alias, for the admin API and metrics. */
public final class CacheStats {
    /** Who the counters are for; feature is "" when the call named none. */
    public record Key(String tenantId, String featureId, String alias) {
    }

    /** Counters of one key. */
    public static final class Counters {
        public final LongAdder exactHits = new LongAdder();
        public final LongAdder semanticHits = new LongAdder();
        public final LongAdder misses = new LongAdder();
        public final LongAdder stores = new LongAdder();
        public final LongAdder tokensSaved = new LongAdder();
        private BigDecimal dollarsSaved = BigDecimal.ZERO;

        public synchronized BigDecimal dollarsSaved() {
            return dollarsSaved;
        }

        synchronized void save(BigDecimal cost) {
            dollarsSaved = dollarsSaved.add(cost);
        }

        /** Hits over lookups, or 0 before the first. */
        public double hitRate() {
            long hits = exactHits.sum() + semanticHits.sum();
            long all = hits + misses.sum();
            return all == 0 ? 0 : (double) hits / all;
        }
    }

    private final ConcurrentHashMap<Key, Counters> counters = new ConcurrentHashMap<>();
    private final LongAdder lookupNanos = new LongAdder();
    private final LongAdder lookups = new LongAdder();

    Counters of(CacheLookup l) {
        return counters.computeIfAbsent(new Key(l.tenantId, l.featureId == null ? "" : l.featureId, l.alias), k -> new Counters());
    }

    void hit(CacheLookup l, CacheHit hit) {
        Counters c = of(l);
        ("exact".equals(hit.kind()) ? c.exactHits : c.semanticHits).increment();
        Usage u = hit.answer().usage();
        c.tokensSaved.add(u.inputTokens() + u.outputTokens());
        c.save(hit.answer().cost());
    }

    void miss(CacheLookup l) {
        of(l).misses.increment();
    }

    void stored(CacheLookup l) {
        of(l).stores.increment();
    }

    void lookupTook(long nanos) {
        lookups.increment();
        lookupNanos.add(nanos);
    }

    public Map<Key, Counters> byKey() {
        return Map.copyOf(counters);
    }

    /** Mean lookup time in microseconds (embedding included), or 0 before the first. */
    public double meanLookupMicros() {
        long n = lookups.sum();
        return n == 0 ? 0 : lookupNanos.sum() / 1000.0 / n;
    }
}
