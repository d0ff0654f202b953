package dev.paved.gateway.policy;

import java.util.Locale;

/**
 * Which capacity pool a call draws from. Batch work has its own concurrency limits so that a bulk
 * job can never starve interactive chat.
 */
public enum TrafficClass {
    INTERACTIVE,
    BATCH;

    /** Header value ({@code x-paved-traffic-class}) to class; null or blank means interactive. */
    public static TrafficClass parse(String value) {
        if (value == null || value.isBlank()) {
            return INTERACTIVE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "interactive" -> INTERACTIVE;
            case "batch" -> BATCH;
            default -> throw new IllegalArgumentException("x-paved-traffic-class must be 'interactive' or 'batch', not '" + value + "'");
        };
    }
}
