package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the output stage needs to know about OpenAI {@code chat.completion.chunk} events, and the chunks it writes.
 * A choice's delta carries up to three kinds of the model's text, each checked on its own ({@link StreamPart}):
 * {@code content}, {@code reasoning_content} (the thinking of OpenAI-compatible reasoning models) and, per tool
 * call, {@code tool_calls[k].function.arguments}. A tool call's first delta also has its head ({@code id},
 * {@code type}, {@code function.name}).
 */
final class OpenAiChunks {
    private static final Set<String> PART_FIELDS = Set.of("content", "role", "reasoning_content", "tool_calls");

    private OpenAiChunks() {
    }

    /** One piece of the model's text in a chunk. */
    record Piece(StreamPart part, String text) {
    }

    /** The answer text of a choice's delta, or null. */
    static String content(JsonNode choice) {
        JsonNode c = choice.path("delta").path("content");
        return c.isTextual() ? c.asText() : null;
    }

    /** The non-empty texts of the chunk, choice by choice: thinking, answer text, then tool-call arguments. */
    static List<Piece> pieces(ObjectNode chunk) {
        List<Piece> out = new ArrayList<>(1);
        for (JsonNode choice : chunk.path("choices")) {
            int i = choice.path("index").asInt(0);
            JsonNode delta = choice.path("delta");
            add(out, StreamPart.text(i, StreamPart.Kind.THINKING), delta.path("reasoning_content"));
            add(out, StreamPart.text(i, StreamPart.Kind.TEXT), delta.path("content"));
            int k = 0;
            for (JsonNode call : delta.path("tool_calls")) {
                add(out, StreamPart.toolArguments(i, call.path("index").asInt(k)), call.path("function").path("arguments"));
                k++;
            }
        }
        return out;
    }

    private static void add(List<Piece> out, StreamPart part, JsonNode text) {
        if (text.isTextual() && !text.asText().isEmpty()) {
            out.add(new Piece(part, text.asText()));
        }
    }

    /**
     * True when the chunk carries more than the model's texts, the role and tool-call heads: a finish reason,
     * usage, a refusal or another field. Such a chunk ends the texts of its choices (all texts, without choices).
     */
    static boolean ends(ObjectNode chunk) {
        if (present(chunk.get("usage"))) {
            return true;
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (present(choice.get("finish_reason"))) {
                return true;
            }
            for (Map.Entry<String, JsonNode> f : choice.path("delta").properties()) {
                if (!PART_FIELDS.contains(f.getKey()) && present(f.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The choices with a tool-call head (an {@code id} or a function {@code name}): a new tool call, which ends what came before. */
    static List<Integer> choicesWithToolHeads(ObjectNode chunk) {
        List<Integer> out = new ArrayList<>(1);
        for (JsonNode choice : chunk.path("choices")) {
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                if (present(call.get("id")) || present(call.path("function").get("name"))) {
                    out.add(choice.path("index").asInt(0));
                    break;
                }
            }
        }
        return out;
    }

    static boolean hasRole(ObjectNode chunk) {
        for (JsonNode choice : chunk.path("choices")) {
            if (present(choice.path("delta").get("role"))) {
                return true;
            }
        }
        return false;
    }

    /** The choice indexes of the chunk. */
    static List<Integer> choices(ObjectNode chunk) {
        List<Integer> out = new ArrayList<>(1);
        for (JsonNode choice : chunk.path("choices")) {
            out.add(choice.path("index").asInt(0));
        }
        return out;
    }

    /**
     * A chunk like {@code template} (same id, model, created, fingerprint) with one choice whose delta is
     * {@code text} of {@code part}: {@code content}, {@code reasoning_content}, or the arguments of tool call
     * {@code part.tool()} (with its index only, as every fragment after the head).
     */
    static ObjectNode part(ObjectNode template, StreamPart part, String text) {
        ObjectNode chunk = template.deepCopy();
        if (present(chunk.get("usage"))) {
            chunk.remove("usage");
        }
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", part.index());
        ObjectNode delta = choice.putObject("delta");
        switch (part.kind()) {
            case TEXT -> delta.put("content", text);
            case THINKING -> delta.put("reasoning_content", text);
            case JSON -> {
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", part.tool());
                call.putObject("function").put("arguments", text);
            }
        }
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    /**
     * What of {@code chunk} goes out before its texts: the role (with an empty text, as the answer opens) and
     * tool-call heads with empty arguments; no finish reason or usage.
     */
    static ObjectNode heads(ObjectNode chunk) {
        ObjectNode copy = chunk.deepCopy();
        copy.remove("usage");
        for (JsonNode choice : copy.path("choices")) {
            if (choice instanceof ObjectNode c) {
                c.putNull("finish_reason");
            }
            if (!(choice.path("delta") instanceof ObjectNode delta)) {
                continue;
            }
            if (delta.has("content")) {
                delta.put("content", "");
            }
            delta.remove("reasoning_content");
            if (delta.get("tool_calls") instanceof ArrayNode calls) {
                for (int k = calls.size() - 1; k >= 0; k--) {
                    JsonNode call = calls.get(k);
                    if (!present(call.get("id")) && !present(call.path("function").get("name"))) {
                        calls.remove(k);
                    } else if (call.path("function") instanceof ObjectNode f && f.has("arguments")) {
                        f.put("arguments", "");
                    }
                }
                if (calls.isEmpty()) {
                    delta.remove("tool_calls");
                }
            }
        }
        return copy;
    }

    /** {@code chunk} without the role, the texts and the tool calls of its choices (they went out in chunks of their own). */
    static ObjectNode withoutParts(ObjectNode chunk) {
        ObjectNode copy = chunk.deepCopy();
        for (JsonNode choice : copy.path("choices")) {
            if (choice.path("delta") instanceof ObjectNode delta) {
                delta.remove("content");
                delta.remove("role");
                delta.remove("reasoning_content");
                delta.remove("tool_calls");
            }
        }
        return copy;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }
}
