package dev.paved.guard;

import java.util.Locale;

/** Where in a call a text is checked. */
public enum Stage {
    /** What the caller sends, before the model sees it. */
    INPUT,
    /** Content fetched from a knowledge base or a tool, before it enters the model's context. */
    RETRIEVED,
    /** What the model answered, before the caller sees it. */
    OUTPUT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the valid stages */
    public static Stage parse(String s) {
        for (Stage st : values()) {
            if (st.id().equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + s + "'; valid: input, retrieved, output");
    }
}
