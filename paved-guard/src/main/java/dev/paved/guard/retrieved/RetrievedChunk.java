package dev.paved.guard.retrieved;

import java.util.Objects;

/**
 * One piece of retrieved content: its id (document and chunk) and its text. {@code source} says where it came
 * from (a knowledge base, a tool) and is shown in fences.
 */
public record RetrievedChunk(String id, String source, String text) {
    public RetrievedChunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        source = source == null ? "retrieved" : source;
    }
}
