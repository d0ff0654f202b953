package dev.paved.gateway.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a kill switch turns off. */
public enum SwitchScope {
    /** All inference on every replica; its only target is {@value #GLOBAL_TARGET}. */
    GLOBAL,
    /** One tenant's calls, by tenant id. */
    TENANT,
    /** Calls attributed to one feature id. */
    FEATURE,
    /** Calls naming one alias. */
    ALIAS,
    /** One provider model, as {@code provider/model} or a bare model name: routing skips it. */
    MODEL,
    /**
     * Not a kill switch: an alias (or, with the target {@value #GLOBAL_TARGET}, every alias) answers from the
     * response cache only, without calling providers (offline mode on purpose).
     */
    OFFLINE_CACHE_ONLY;

    public static final String GLOBAL_TARGET = "inference";

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(SwitchScope::label).toList();
    }

    /** @throws IllegalArgumentException naming the valid scopes */
    public static SwitchScope parse(String text) {
        for (SwitchScope s : values()) {
            if (s.label().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown switch scope '" + text + "'; valid scopes: " + String.join(", ", labels()));
    }
}
