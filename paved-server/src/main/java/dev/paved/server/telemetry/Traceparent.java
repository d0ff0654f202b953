package dev.paved.server.telemetry;

/** A parsed W3C {@code traceparent} header (version 00). */
record Traceparent(String traceId, String parentSpanId, boolean sampled) {

    /** Parses a header value; returns null when absent or malformed (a new trace is started then). */
    static Traceparent parse(String header) {
        if (header == null || header.length() != 55) {
            return null;
        }
        if (header.charAt(0) != '0' || header.charAt(1) != '0' || header.charAt(2) != '-'
                || header.charAt(35) != '-' || header.charAt(52) != '-') {
            return null;
        }
        String trace = header.substring(3, 35);
        String span = header.substring(36, 52);
        if (!lowerHex(trace) || !lowerHex(span) || allZero(trace) || allZero(span)) {
            return null;
        }
        String flags = header.substring(53, 55);
        if (!lowerHex(flags)) {
            return null;
        }
        return new Traceparent(trace, span, (Integer.parseInt(flags, 16) & 1) == 1);
    }

    private static boolean lowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
