package dev.paved.gateway.route;

import dev.paved.core.Pricing;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.TargetConfig;

/** Where one call goes: the alias the caller named, the chosen target, its provider and its price. */
public record Route(AliasConfig alias, TargetConfig target, ProviderConfig provider, Pricing pricing) {
}
