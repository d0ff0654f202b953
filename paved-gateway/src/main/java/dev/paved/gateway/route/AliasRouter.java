package dev.paved.gateway.route;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.TargetConfig;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the model name a caller sent to a route, enforcing the key's alias allow-list. Callers
 * only ever name aliases; provider model names are not reachable directly.
 */
public final class AliasRouter {
    private final GatewayConfig config;

    public AliasRouter(GatewayConfig config) {
        this.config = config;
    }

    public Route route(RequestContext ctx, String model, AliasKind kind) {
        AliasConfig alias = config.aliases().get(model);
        if (alias == null) {
            throw new PavedException(ErrorKind.NOT_FOUND,
                    "The model '" + model + "' does not exist. Use one of the aliases GET /v1/models lists for your key.",
                    "model", "model_not_found");
        }
        if (!ctx.mayUse(model)) {
            throw new PavedException(ErrorKind.PERMISSION,
                    "This API key may not use the model '" + model + "'. Ask your platform team to add it to the key's allowed aliases.",
                    "model", "model_not_allowed");
        }
        if (alias.kind() != kind) {
            throw new PavedException(ErrorKind.INVALID_REQUEST,
                    "The model '" + model + "' is a " + alias.kind().name().toLowerCase(Locale.ROOT)
                            + " model and cannot serve " + kind.name().toLowerCase(Locale.ROOT) + " requests.",
                    "model", "model_kind_mismatch");
        }
        TargetConfig target = alias.primary();
        ProviderConfig provider = config.providers().get(target.provider());
        return new Route(alias, target, provider, config.priceOf(target));
    }

    /** Aliases the key may use, sorted. */
    public List<AliasConfig> visibleTo(RequestContext ctx) {
        return config.aliases().values().stream()
                .filter(a -> ctx.mayUse(a.name()))
                .sorted(java.util.Comparator.comparing(AliasConfig::name))
                .toList();
    }
}
