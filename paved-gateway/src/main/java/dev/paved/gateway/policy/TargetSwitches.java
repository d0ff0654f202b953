package dev.paved.gateway.policy;

import dev.paved.gateway.config.TargetConfig;

/**
 * Per-model kill switches as the router sees them: a switched-off target is skipped like an open
 * breaker, so an alias with other targets keeps serving.
 */
@FunctionalInterface
public interface TargetSwitches {
    TargetSwitches NONE = target -> false;

    /** True when the target's model (by {@code provider/model} or bare model name) is switched off. */
    boolean killed(TargetConfig target);
}
