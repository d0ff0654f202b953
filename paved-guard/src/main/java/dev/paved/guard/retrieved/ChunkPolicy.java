package dev.paved.guard.retrieved;

import java.util.Locale;

/** What happens to a retrieved chunk that the injection check flags. */
public enum ChunkPolicy {
    /** Leave it out of the context entirely. */
    DROP,
    /** Leave it out of the context and hand it back separately for review. */
    QUARANTINE,
    /** Keep it, wrapped in a data-only fence with instructions to the model not to follow anything inside. */
    FENCE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the valid policies */
    public static ChunkPolicy parse(String s) {
        for (ChunkPolicy p : values()) {
            if (p.id().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown retrieved-content policy '" + s + "'; valid: drop, quarantine, fence");
    }
}
