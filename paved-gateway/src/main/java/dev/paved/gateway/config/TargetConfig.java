package dev.paved.gateway.config;

import java.util.Locale;

/**
 * A concrete model at a provider: where an alias sends traffic.
 *
 * @param weight        share of traffic under the weighted and A/B strategies (ignored for fallback order)
 * @param tier          {@code small}, {@code mid} or {@code frontier}; informational, shown in /admin/targets
 * @param region        where the model runs; a tenant with a home region only reaches targets in it
 * @param contextWindow the model's context window in tokens, or 0 when unknown (no pre-flight check)
 * @param timeouts      per-target time limits
 */
public record TargetConfig(String provider, String model, int weight, String tier, String region, int contextWindow,
                           TargetTimeouts timeouts) {
    public TargetConfig {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative");
        }
        timeouts = timeouts == null ? TargetTimeouts.NONE : timeouts;
        region = region == null ? null : region.toLowerCase(Locale.ROOT);
    }

    public TargetConfig(String provider, String model) {
        this(provider, model, 1, null, null, 0, TargetTimeouts.NONE);
    }

    /** Key for pricing lookups, breakers and the ledger: {@code provider/model}. */
    public String qualifiedName() {
        return provider + "/" + model;
    }
}
