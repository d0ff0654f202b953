package dev.paved.gateway.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI-style rate-limit headers: for requests and for tokens, the limit, what remains and when the
 * window resets, taken from whichever scope (key or tenant) has the least left.
 */
final class RateHeaders {
    private RateHeaders() {
    }

    /** Header names for requests then tokens: limit, remaining, reset (built once, not per call). */
    private static final String[] REQUESTS = names("requests");
    private static final String[] TOKENS = names("tokens");

    static Map<String, String> of(List<Meter> meters, long[] values, long nowMillis) {
        Map<String, String> h = new LinkedHashMap<>(8);
        put(h, REQUESTS, tightest(meters, values, Meter.Kind.REQUESTS), meters, values, nowMillis);
        put(h, TOKENS, tightest(meters, values, Meter.Kind.TOKENS), meters, values, nowMillis);
        return h;
    }

    private static String[] names(String what) {
        return new String[] {"x-ratelimit-limit-" + what, "x-ratelimit-remaining-" + what, "x-ratelimit-reset-" + what};
    }

    private static int tightest(List<Meter> meters, long[] values, Meter.Kind kind) {
        int best = -1;
        long bestLeft = Long.MAX_VALUE;
        for (int i = 0; i < meters.size(); i++) {
            Meter m = meters.get(i);
            if (m.kind() == kind && m.limit() - values[i] < bestLeft) {
                best = i;
                bestLeft = m.limit() - values[i];
            }
        }
        return best;
    }

    private static void put(Map<String, String> h, String[] names, int i, List<Meter> meters, long[] values, long nowMillis) {
        if (i < 0) {
            return;
        }
        Meter m = meters.get(i);
        h.put(names[0], Long.toString(m.limit()));
        h.put(names[1], Long.toString(Math.max(0, m.limit() - values[i])));
        h.put(names[2], duration(m.resetAtMillis() - nowMillis));
    }

    /** OpenAI's duration format: {@code 850ms}, {@code 12s}, {@code 1m0s}. */
    static String duration(long millis) {
        long ms = Math.max(0, millis);
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = (ms + 999) / 1000;
        return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60) + "s";
    }

    /** Whole seconds for Retry-After, at least 1. */
    static String retryAfterSeconds(long millis) {
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }
}
