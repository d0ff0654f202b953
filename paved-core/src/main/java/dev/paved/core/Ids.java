package dev.paved.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Identifier generation: request ids, W3C trace and span ids, secrets. */
public final class Ids {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom SECURE = new SecureRandom();
    private static final char[] ALPHANUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private Ids() {
    }

    /** 32 lowercase hex characters, never all zero (W3C trace-context trace-id). */
    public static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong();
        if (hi == 0 && lo == 0) {
            lo = 1;
        }
        return HEX.toHexDigits(hi) + HEX.toHexDigits(lo);
    }

    /** 16 lowercase hex characters, never all zero (W3C trace-context parent-id). */
    public static String spanId() {
        long v = ThreadLocalRandom.current().nextLong();
        return HEX.toHexDigits(v == 0 ? 1 : v);
    }

    /** A short unique request id with the given prefix, e.g. {@code req_…}. */
    public static String prefixed(String prefix) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(prefix.length() + 1 + 24).append(prefix).append('_');
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHANUM[r.nextInt(ALPHANUM.length)]);
        }
        return sb.toString();
    }

    /** A secret of {@code n} alphanumeric characters from a cryptographic random source. */
    public static String secret(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHANUM[SECURE.nextInt(ALPHANUM.length)]);
        }
        return sb.toString();
    }
}
