package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.WireFormat;
import dev.paved.guard.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the texts of chat requests and answers in both wire formats. Caller-written text (system and user
 * messages) is checked at the input stage; tool results are content the caller fetched from elsewhere and
 * are checked at the retrieved stage, like RAG chunks; earlier assistant turns are the model's own and are
 * not re-checked.
 */
final class BodyTexts {
    private BodyTexts() {
    }

    static List<TextSlot> request(WireFormat format, ObjectNode body) {
        List<TextSlot> out = new ArrayList<>();
        if (format == WireFormat.ANTHROPIC) {
            content(body, "system", Stage.INPUT, out);
        }
        JsonNode messages = body.get("messages");
        if (!(messages instanceof ArrayNode arr)) {
            return out;
        }
        for (JsonNode m : arr) {
            if (!(m instanceof ObjectNode msg)) {
                continue;
            }
            String role = msg.path("role").asText("");
            if (role.equals("assistant")) {
                continue;
            }
            Stage stage = role.equals("tool") || role.equals("function") ? Stage.RETRIEVED : Stage.INPUT;
            content(msg, "content", stage, out);
        }
        return out;
    }

    /** A string, or a list of blocks with {@code text}; Anthropic tool_result blocks nest their own content. */
    private static void content(ObjectNode holder, String field, Stage stage, List<TextSlot> out) {
        JsonNode c = holder.get(field);
        if (c == null) {
            return;
        }
        if (c.isTextual()) {
            out.add(TextSlot.field(stage, holder, field));
        } else if (c instanceof ArrayNode blocks) {
            for (int i = 0; i < blocks.size(); i++) {
                JsonNode b = blocks.get(i);
                if (b.isTextual()) {
                    out.add(TextSlot.element(stage, blocks, i));
                } else if (b instanceof ObjectNode block) {
                    String type = block.path("type").asText("");
                    if (type.equals("tool_result")) {
                        content(block, "content", Stage.RETRIEVED, out);
                    } else if (block.path("text").isTextual()) {
                        out.add(TextSlot.field(stage, block, "text"));
                    }
                }
            }
        }
    }

    /**
     * The model's texts in a complete (non-stream) answer in the caller's format: the answer text, its thinking
     * (OpenAI-compatible {@code reasoning_content}, Anthropic {@code thinking} blocks) and the arguments of its
     * tool calls (OpenAI {@code function.arguments}, Anthropic {@code tool_use.input}), the same texts a stream
     * of the answer is checked in.
     */
    static List<TextSlot> answer(WireFormat format, ObjectNode body) {
        List<TextSlot> out = new ArrayList<>();
        if (format == WireFormat.OPENAI) {
            for (JsonNode choice : body.path("choices")) {
                if (!(choice.get("message") instanceof ObjectNode m)) {
                    continue;
                }
                if (m.path("content").isTextual()) {
                    out.add(TextSlot.field(Stage.OUTPUT, m, "content"));
                }
                if (m.path("reasoning_content").isTextual()) {
                    out.add(TextSlot.field(Stage.OUTPUT, TextSlot.Kind.THINKING, m, "reasoning_content"));
                }
                for (JsonNode call : m.path("tool_calls")) {
                    if (call.path("function") instanceof ObjectNode f && f.path("arguments").isTextual()) {
                        out.add(TextSlot.field(Stage.OUTPUT, TextSlot.Kind.JSON, f, "arguments"));
                    }
                }
            }
        } else {
            JsonNode content = body.get("content");
            if (content instanceof ArrayNode blocks) {
                for (JsonNode b : blocks) {
                    if (!(b instanceof ObjectNode block)) {
                        continue;
                    }
                    switch (block.path("type").asText("")) {
                        case "text" -> {
                            if (block.path("text").isTextual()) {
                                out.add(TextSlot.field(Stage.OUTPUT, block, "text"));
                            }
                        }
                        case "thinking" -> {
                            if (block.path("thinking").isTextual()) {
                                out.add(TextSlot.field(Stage.OUTPUT, TextSlot.Kind.THINKING, block, "thinking"));
                            }
                        }
                        case "tool_use" -> {
                            if (block.has("input")) {
                                out.add(TextSlot.jsonValue(Stage.OUTPUT, block, "input"));
                            }
                        }
                        default -> { }
                    }
                }
            }
        }
        return out;
    }

    /** The JSON Schema the caller asked the answer to follow (OpenAI {@code response_format: json_schema}), or null. */
    static JsonNode requestedSchema(WireFormat format, ObjectNode body) {
        if (format != WireFormat.OPENAI) {
            return null;
        }
        JsonNode rf = body.path("response_format");
        if (!rf.path("type").asText("").equals("json_schema")) {
            return null;
        }
        JsonNode schema = rf.path("json_schema").path("schema");
        return schema.isObject() ? schema : null;
    }
}
