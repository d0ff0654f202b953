package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** What the output stage needs to know about OpenAI {@code chat.completion.chunk} events, and the chunks it writes. */
final class OpenAiChunks {
    private OpenAiChunks() {
    }

    /** The answer text of a choice's delta, or null. */
    static String content(JsonNode choice) {
        JsonNode c = choice.path("delta").path("content");
        return c.isTextual() ? c.asText() : null;
    }

    /**
     * True when the chunk carries nothing but answer text (and perhaps the role): no finish reason, tool call,
     * refusal or usage. Such a chunk may be held back and rewritten; any other ends the text of its choices.
     */
    static boolean textOnly(ObjectNode chunk) {
        if (present(chunk.get("usage"))) {
            return false;
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (present(choice.get("finish_reason"))) {
                return false;
            }
            for (Map.Entry<String, JsonNode> f : choice.path("delta").properties()) {
                if (!f.getKey().equals("content") && !f.getKey().equals("role") && present(f.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean hasText(ObjectNode chunk) {
        for (JsonNode choice : chunk.path("choices")) {
            String t = content(choice);
            if (t != null && !t.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A chunk like {@code template} (same id, model, created, fingerprint) with one choice whose delta is
     * {@code text}.
     */
    static ObjectNode text(ObjectNode template, int index, String text) {
        ObjectNode chunk = template.deepCopy();
        if (present(chunk.get("usage"))) {
            chunk.remove("usage");
        }
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", index);
        choice.putObject("delta").put("content", text);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    static boolean hasRole(ObjectNode chunk) {
        for (JsonNode choice : chunk.path("choices")) {
            if (present(choice.path("delta").get("role"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code chunk} with an empty text: what opens the answer when its first chunk carries the role and text. */
    static ObjectNode roleOnly(ObjectNode chunk) {
        ObjectNode copy = chunk.deepCopy();
        for (JsonNode choice : copy.path("choices")) {
            if (choice.path("delta") instanceof ObjectNode delta && delta.has("content")) {
                delta.put("content", "");
            }
        }
        return copy;
    }

    /** {@code chunk} without the answer text of its choices (it was released in a chunk of its own). */
    static ObjectNode withoutText(ObjectNode chunk) {
        ObjectNode copy = chunk.deepCopy();
        for (JsonNode choice : copy.path("choices")) {
            if (choice.path("delta") instanceof ObjectNode delta && delta.has("content")) {
                delta.remove("content");
            }
        }
        return copy;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }
}
