package dev.paved.gateway.config;

import java.util.List;

/**
 * A logical model name product code uses ({@code support-quality}); resolves to targets ordered by
 * the strategy. The first target of a call is its primary; the others are its fallbacks.
 *
 * @param promptCaching mark the stable prefix (tools, system prompt) of OpenAI-format calls that reach an
 *                      Anthropic target with prompt-cache breakpoints
 */
public record AliasConfig(String name, AliasKind kind, List<TargetConfig> targets, RoutingStrategy strategy,
                          OverflowPolicy overflow, boolean promptCaching) {
    public AliasConfig {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("alias " + name + " needs at least one target");
        }
        strategy = strategy == null ? RoutingStrategy.FALLBACK : strategy;
        overflow = overflow == null ? OverflowPolicy.REJECT : overflow;
    }

    public AliasConfig(String name, AliasKind kind, List<TargetConfig> targets) {
        this(name, kind, targets, RoutingStrategy.FALLBACK, OverflowPolicy.REJECT, false);
    }

    public AliasConfig(String name, AliasKind kind, List<TargetConfig> targets, RoutingStrategy strategy, OverflowPolicy overflow) {
        this(name, kind, targets, strategy, overflow, false);
    }

    public TargetConfig primary() {
        return targets.get(0);
    }
}
