package dev.paved.rag;

import java.util.Locale;

/** How output guardrails meet a streamed answer. */
public enum OutputMode {
    /** Tokens reach the client as they pass the checks; a finding stops the stream. */
    STREAMING,
    /** The whole answer is checked before any of it reaches the client (high-risk features). */
    BUFFERED;

    public static OutputMode parse(String s) {
        for (OutputMode m : values()) {
            if (m.name().equalsIgnoreCase(s.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown output mode '" + s + "'; use streaming or buffered");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
