package dev.paved.gateway.wire;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Appends JSON string literals, for hand-assembled per-chunk JSON on streaming hot paths. */
final class JsonText {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private JsonText() {
    }

    /** Appends {@code s} as a quoted, escaped JSON string, or {@code null}. */
    static StringBuilder quoted(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append("null");
        }
        sb.append('"');
        ENCODER.quoteAsString(s, sb);
        return sb.append('"');
    }
}
