package dev.paved.gateway.config;

import java.util.List;

/**
 * A logical model name product code uses ({@code support-quality}); resolves to ordered targets.
 * The first target is the primary; the others are fallbacks.
 */
public record AliasConfig(String name, AliasKind kind, List<TargetConfig> targets) {
    public AliasConfig {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("alias " + name + " needs at least one target");
        }
    }

    public TargetConfig primary() {
        return targets.get(0);
    }
}
