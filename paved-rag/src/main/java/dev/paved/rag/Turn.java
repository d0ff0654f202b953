package dev.paved.rag;

import java.util.Objects;

/** One message of a session: {@code user} or {@code assistant}. */
public record Turn(String role, String text) {
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        if (!role.equals(USER) && !role.equals(ASSISTANT)) {
            throw new IllegalArgumentException("role must be user or assistant, got " + role);
        }
    }
}
