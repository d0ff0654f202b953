package dev.paved.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Identifier generation: request ids, W3C trace and span ids, secrets. */
public final class Ids {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom SECURE = new SecureRandom();
    private static final char[] ALPHANUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    /** The same 62 characters in ASCII order, so that fixed-width numbers written with them sort as they compare. */
    private static final char[] ORDERED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_CHARS = 8;

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

    /**
     * A request id, {@code req_} and 24 characters: the first 8 are the current epoch millisecond in base 62 (so ids
     * generated later sort later, byte by byte, for the next 6,000 years), the other 16 are random (95 bits). Ids that
     * arrive in order keep the ledger's request-id index appending at its right edge instead of touching a random
     * page per row.
     */
    public static String requestId() {
        return timeOrdered("req", System.currentTimeMillis());
    }

    static String timeOrdered(String prefix, long epochMillis) {
        if (epochMillis < 0) {
            throw new IllegalArgumentException("time before the epoch: " + epochMillis);
        }
        char[] id = new char[prefix.length() + 1 + TIME_CHARS + 16];
        prefix.getChars(0, prefix.length(), id, 0);
        int at = prefix.length();
        id[at++] = '_';
        long t = epochMillis;
        for (int i = at + TIME_CHARS - 1; i >= at; i--) {
            id[i] = ORDERED[(int) (t % ORDERED.length)];
            t /= ORDERED.length;
        }
        if (t != 0) {
            throw new IllegalArgumentException("time past what 8 base-62 characters hold: " + epochMillis);
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = at + TIME_CHARS; i < id.length; i++) {
            id[i] = ALPHANUM[r.nextInt(ALPHANUM.length)];
        }
        return new String(id);
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
