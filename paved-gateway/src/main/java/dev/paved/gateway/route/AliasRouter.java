package dev.paved.gateway.route;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.OverflowPolicy;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.RoutingStrategy;
import dev.paved.gateway.config.TargetConfig;
import dev.paved.gateway.policy.TargetSwitches;
import dev.paved.gateway.resilience.BreakerState;
import dev.paved.gateway.resilience.HealthRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Resolves the model name a caller sent to a route plan, enforcing the key's alias allow-list, the
 * tenant's home region, kill switches and context windows, and ordering the survivors by strategy
 * and health. Callers only ever name aliases; provider model names are not reachable directly.
 */
public final class AliasRouter {
    private final GatewayConfig config;
    private final TargetSwitches switches;
    private final TenantRegions regions;
    private final HealthRegistry health;

    public AliasRouter(GatewayConfig config) {
        this(config, TargetSwitches.NONE, TenantRegions.NONE, null);
    }

    public AliasRouter(GatewayConfig config, TargetSwitches switches, TenantRegions regions, HealthRegistry health) {
        this.config = config;
        this.switches = switches;
        this.regions = regions;
        this.health = health;
    }

    /** The first target a call would use, for single-target paths such as embeddings. */
    public Route route(RequestContext ctx, String model, AliasKind kind) {
        return plan(ctx, model, kind, () -> 0, 0).candidates().get(0);
    }

    /**
     * Plans one call.
     *
     * @param promptTokens    the prompt's estimated tokens; asked only when a target declares a context window
     * @param maxOutputTokens the caller's output cap (0 when unset), reserved inside the window
     */
    public RoutePlan plan(RequestContext ctx, String model, AliasKind kind, LongSupplier promptTokens, long maxOutputTokens) {
        AliasConfig alias = resolve(ctx, model, kind);
        List<String> decisions = new ArrayList<>();
        List<TargetConfig> ordered = TargetOrder.order(alias.targets(), alias.strategy(), ctx.tenantId(), alias.name());
        String variant = null;
        if (alias.strategy() == RoutingStrategy.AB) {
            variant = ordered.get(0).qualifiedName();
            decisions.add("variant:" + variant);
        }
        String home = regions.homeRegion(ctx.tenantId());
        List<TargetConfig> allowed = new ArrayList<>();
        boolean regionSkipped = false;
        for (TargetConfig t : ordered) {
            if (home != null && !home.equalsIgnoreCase(t.region() == null ? "" : t.region())) {
                decisions.add("skip:" + t.qualifiedName() + ":region");
                regionSkipped = true;
            } else if (switches.killed(t)) {
                decisions.add("skip:" + t.qualifiedName() + ":killed");
            } else {
                allowed.add(t);
            }
        }
        if (allowed.isEmpty()) {
            if (regionSkipped && ordered.stream().noneMatch(t -> home.equalsIgnoreCase(t.region() == null ? "" : t.region()))) {
                throw new PavedException(ErrorKind.PERMISSION, "The model '" + alias.name() + "' has no target in your tenant's home region '"
                        + home + "', and requests never leave it. Ask your platform team for an alias served in '" + home + "'.",
                        "model", "no_target_in_region");
            }
            throw new PavedException(ErrorKind.UNAVAILABLE, "Every target of the model '" + alias.name()
                    + "' is switched off by a kill switch. Use another model, or ask your platform team when it returns.", "model", "model_disabled");
        }
        long budget = 0;
        List<TargetConfig> fitting = allowed;
        if (allowed.stream().anyMatch(t -> t.contextWindow() > 0)) {
            long prompt = promptTokens.getAsLong();
            long needed = prompt + maxOutputTokens;
            fitting = new ArrayList<>();
            for (TargetConfig t : allowed) {
                if (t.contextWindow() > 0 && needed > t.contextWindow()) {
                    decisions.add("skip:" + t.qualifiedName() + ":context");
                } else {
                    fitting.add(t);
                }
            }
            if (fitting.isEmpty()) {
                int largest = allowed.stream().mapToInt(TargetConfig::contextWindow).max().orElse(0);
                if (alias.overflow() == OverflowPolicy.TRUNCATE && largest > maxOutputTokens) {
                    budget = largest - maxOutputTokens;
                    fitting = allowed.stream().filter(t -> t.contextWindow() == largest).toList();
                    decisions.add("truncate:" + budget);
                } else {
                    throw new PavedException(ErrorKind.INVALID_REQUEST, "This request needs about " + needed + " tokens ("
                            + prompt + " prompt + " + maxOutputTokens + " answer), more than the largest context window of '"
                            + alias.name() + "' (" + largest + "). Shorten the conversation or lower max_tokens.",
                            "messages", "context_length_exceeded");
                }
            }
        }
        List<Route> candidates = new ArrayList<>(fitting.size());
        for (TargetConfig t : byHealth(fitting)) {
            ProviderConfig provider = config.providers().get(t.provider());
            candidates.add(new Route(alias, t, provider, config.priceOf(t)));
        }
        if (health != null && !candidates.isEmpty() && candidates.get(0).target() != fitting.get(0)) {
            TargetConfig first = candidates.get(0).target();
            decisions.add(health.of(first).state() == BreakerState.HALF_OPEN ? "probe:" + first.qualifiedName()
                    : "deprioritize:" + fitting.get(0).qualifiedName() + ":" + health.of(fitting.get(0)).state().name().toLowerCase(Locale.ROOT));
        }
        return new RoutePlan(alias, candidates, variant, decisions, budget);
    }

    /**
     * Half-open first (a probe must get real traffic, or a recovered target would never be tried again; the
     * breaker lets only its probes through and the others fall through at no cost), then healthy, then
     * degraded, then open; the strategy's order within each group.
     */
    private List<TargetConfig> byHealth(List<TargetConfig> targets) {
        if (health == null || targets.size() < 2) {
            return targets;
        }
        List<TargetConfig> sorted = new ArrayList<>(targets);
        sorted.sort(Comparator.comparingInt(t -> rank(health.of(t).state())));
        return sorted;
    }

    private static int rank(BreakerState s) {
        return switch (s) {
            case HALF_OPEN -> 0;
            case CLOSED -> 1;
            case DEGRADED -> 2;
            case OPEN -> 3;
        };
    }

    private AliasConfig resolve(RequestContext ctx, String model, AliasKind kind) {
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
        return alias;
    }

    /** Aliases the key may use, sorted. */
    public List<AliasConfig> visibleTo(RequestContext ctx) {
        return config.aliases().values().stream()
                .filter(a -> ctx.mayUse(a.name()))
                .sorted(Comparator.comparing(AliasConfig::name))
                .toList();
    }
}
