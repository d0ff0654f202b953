package dev.paved.gateway.config;

import java.time.Duration;
import java.util.Map;

/**
 * The response cache ({@code cache:} in paved.yaml).
 *
 * @param enabled             master switch
 * @param ttl                 how long an answer may be served
 * @param maxEntriesPerTenant entries kept per tenant, oldest evicted first
 * @param maxTemperature      a request is deterministic enough to cache when it sets {@code temperature} at or below this
 * @param semantic            whether similar (not only identical) questions are served
 * @param threshold           cosine similarity a semantic hit needs
 * @param offlineThreshold    the lower similarity accepted in offline mode
 * @param embeddingModel      in-process model that embeds queries
 * @param aliases             per-alias overrides
 * @param features            per-feature overrides (win over the alias's)
 */
public record CacheConfig(boolean enabled, Duration ttl, int maxEntriesPerTenant, double maxTemperature, boolean semantic,
                          double threshold, double offlineThreshold, String embeddingModel, Map<String, CacheRule> aliases,
                          Map<String, CacheRule> features) {
    public static final CacheConfig DEFAULTS = new CacheConfig(true, Duration.ofHours(1), 10_000, 0.2, true, 0.93, 0.88,
            "bge-small-en-v1.5", Map.of(), Map.of());

    public CacheConfig {
        aliases = Map.copyOf(aliases);
        features = Map.copyOf(features);
    }

    /**
     * An override; null fields inherit.
     *
     * @param mode            {@code off}, {@code deterministic} (the default: temperature at or below the maximum, or opt-in) or {@code always}
     * @param cacheToolCalls  whether answers that call tools may be cached and served
     */
    public record CacheRule(String mode, Double threshold, Boolean semantic, Boolean cacheToolCalls, Duration ttl) {
    }
}
