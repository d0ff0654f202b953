package dev.paved.gateway.config;

import java.util.Locale;

/** How an alias orders its targets for one call; the targets after the first are always the fallbacks. */
public enum RoutingStrategy {
    /** In the listed order. */
    FALLBACK,
    /** The first target drawn at random in proportion to the weights (load balancing). */
    WEIGHTED,
    /** The first target drawn by a stable hash of the tenant id in proportion to the weights (A/B test). */
    AB;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RoutingStrategy parse(String s) {
        for (RoutingStrategy r : values()) {
            if (r.id().equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
