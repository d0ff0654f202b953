package dev.paved.guard;

import java.util.Locale;

/** What a scanner does when it detects something at or above its threshold. */
public enum Action {
    /** Record the finding and let the text through unchanged (monitor mode). */
    LOG,
    /** Replace the detected spans with placeholders; only for detectors that locate spans. */
    REDACT,
    /** Stop the text. */
    BLOCK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the valid actions */
    public static Action parse(String s) {
        for (Action a : values()) {
            if (a.id().equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + s + "'; valid: log, redact, block");
    }
}
