package dev.paved.gateway.config;

import java.util.Locale;

/**
 * What to do when the pre-flight token estimate fits no target's context window. Targets too small
 * for the request are always skipped first, so this applies only when none is large enough.
 */
public enum OverflowPolicy {
    /** Answer 400 {@code context_length_exceeded}. */
    REJECT,
    /** Drop the oldest non-system messages until the request fits the largest window. */
    TRUNCATE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OverflowPolicy parse(String s) {
        for (OverflowPolicy r : values()) {
            if (r.id().equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
