package dev.paved.gateway.config;

import java.util.List;

/**
 * A logical model name product code uses ({@code support-quality}); resolves to targets ordered by
 * the strategy. The first target of a call is its primary; the others are its fallbacks.
 */
public record AliasConfig(String name, AliasKind kind, List<TargetConfig> targets, RoutingStrategy strategy,
                          OverflowPolicy overflow) {
    public AliasConfig {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("alias " + name + " needs at least one target");
        }
        strategy = strategy == null ? RoutingStrategy.FALLBACK : strategy;
        overflow = overflow == null ? OverflowPolicy.REJECT : overflow;
    }

    public AliasConfig(String name, AliasKind kind, List<TargetConfig> targets) {
        this(name, kind, targets, RoutingStrategy.FALLBACK, OverflowPolicy.REJECT);
    }

    public TargetConfig primary() {
        return targets.get(0);
    }
}
