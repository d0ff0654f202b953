package dev.paved.server.telemetry;

import dev.paved.gateway.cache.ResponseCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Cache metrics: entries and evictions, mean lookup time, and hits, misses and savings summed over
 * tenants (per-tenant, per-feature and per-alias figures are in {@code GET /admin/cache}; the ledger
 * has them per call).
 */
public final class CacheMetrics {
    private CacheMetrics() {
    }

    public static void bind(MeterRegistry registry, ResponseCache cache) {
        Gauge.builder("paved.cache.entries", cache, c -> c.store().size()).description("Cached answers").register(registry);
        FunctionCounter.builder("paved.cache.evictions", cache, c -> c.store().evictions()).description("Answers evicted for space")
                .register(registry);
        Gauge.builder("paved.cache.lookup.mean", cache, c -> c.stats().meanLookupMicros()).baseUnit("microseconds")
                .description("Mean lookup time, query embedding included").register(registry);
        FunctionCounter.builder("paved.cache.hits", cache, c -> sum(c, k -> k.exactHits.sum())).tag("kind", "exact").register(registry);
        FunctionCounter.builder("paved.cache.hits", cache, c -> sum(c, k -> k.semanticHits.sum())).tag("kind", "semantic").register(registry);
        FunctionCounter.builder("paved.cache.misses", cache, c -> sum(c, k -> k.misses.sum())).register(registry);
        FunctionCounter.builder("paved.cache.tokens.saved", cache, c -> sum(c, k -> k.tokensSaved.sum())).register(registry);
        FunctionCounter.builder("paved.cache.dollars.saved", cache,
                c -> c.stats().byKey().values().stream().mapToDouble(k -> k.dollarsSaved().doubleValue()).sum()).register(registry);
    }

    private static double sum(ResponseCache c, java.util.function.ToLongFunction<dev.paved.gateway.cache.CacheStats.Counters> f) {
        return c.stats().byKey().values().stream().mapToLong(f).sum();
    }
}
