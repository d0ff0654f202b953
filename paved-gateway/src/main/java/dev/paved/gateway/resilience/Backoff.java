package dev.paved.gateway.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Full-jitter exponential backoff: a uniformly random delay in [0, min(max, base·2^retry)]. */
public final class Backoff {
    private Backoff() {
    }

    /**
     * @param retry          0 for the first retry
     * @param retryAfterMillis the provider's Retry-After, or -1; the delay is never shorter than it
     * @return the delay in milliseconds, or -1 when Retry-After asks for more than {@code max}
     */
    public static long delayMillis(int retry, Duration base, Duration max, long retryAfterMillis) {
        long cap = max.toMillis();
        if (retryAfterMillis > cap) {
            return -1;
        }
        long ceiling = Math.min(cap, base.toMillis() << Math.min(retry, 20));
        long jitter = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        return Math.max(jitter, retryAfterMillis);
    }

    /** Retry-After in seconds (the only form providers send) to milliseconds; -1 when absent or unreadable. */
    public static long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            return seconds < 0 ? -1 : (long) Math.ceil(seconds * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
