package dev.paved.gateway.route;

import dev.paved.gateway.config.AliasConfig;
import java.util.List;

/**
 * The targets one call may use, best first: the first is the primary, the rest are its fallbacks.
 *
 * @param variant   the A/B variant this tenant is in ({@code provider/model} of the chosen primary), or null
 * @param decisions what planning decided, e.g. {@code variant:openai/gpt-4o} or {@code skip:azure/gpt-4o:region}
 * @param promptBudget when positive, the prompt must be truncated to this many tokens (overflow policy
 *                  {@code truncate}); 0 when it fits as it is
 */
public record RoutePlan(AliasConfig alias, List<Route> candidates, String variant, List<String> decisions, long promptBudget) {
    public RoutePlan {
        candidates = List.copyOf(candidates);
        decisions = List.copyOf(decisions);
    }
}
