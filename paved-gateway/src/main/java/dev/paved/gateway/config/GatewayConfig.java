package dev.paved.gateway.config;

import dev.paved.core.Pricing;
import java.util.Map;

/**
 * The gateway part of paved.yaml, validated: every alias target names a configured provider.
 *
 * @param pricing keyed by {@code provider/model} or by bare model name
 */
public record GatewayConfig(Map<String, ProviderConfig> providers, Map<String, AliasConfig> aliases,
                            Map<String, Pricing> pricing, ResilienceConfig resilience, CacheConfig cache) {
    public GatewayConfig {
        providers = Map.copyOf(providers);
        aliases = Map.copyOf(aliases);
        pricing = Map.copyOf(pricing);
        resilience = resilience == null ? ResilienceConfig.DEFAULTS : resilience;
        cache = cache == null ? CacheConfig.DEFAULTS : cache;
    }

    public GatewayConfig(Map<String, ProviderConfig> providers, Map<String, AliasConfig> aliases, Map<String, Pricing> pricing) {
        this(providers, aliases, pricing, ResilienceConfig.DEFAULTS, CacheConfig.DEFAULTS);
    }

    /** Price of a target: {@code provider/model} first, then the bare model name, else free. */
    public Pricing priceOf(TargetConfig target) {
        Pricing p = pricing.get(target.qualifiedName());
        if (p == null) {
            p = pricing.get(target.model());
        }
        return p == null ? Pricing.FREE : p;
    }
}
