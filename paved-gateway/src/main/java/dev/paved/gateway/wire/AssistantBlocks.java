package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Anthropic assistant content blocks as an OpenAI assistant message's {@code content} and {@code tool_calls}. */
final class AssistantBlocks {
    private AssistantBlocks() {
    }

    /**
     * Writes {@code content} (joined text; null when there is only tool use) and {@code tool_calls}
     * into {@code message}; other block types are dropped.
     */
    static void writeOpenAi(JsonNode blocks, ObjectNode message, boolean withRefusal) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        for (JsonNode block : blocks) {
            String type = Json.text(block, "type");
            if ("text".equals(type)) {
                text.append(Json.text(block, "text"));
            } else if ("tool_use".equals(type)) {
                if (calls == null) {
                    calls = Json.array();
                }
                ObjectNode call = calls.addObject();
                call.put("id", Json.text(block, "id"));
                call.put("type", "function");
                call.putObject("function")
                        .put("name", Json.text(block, "name"))
                        .put("arguments", ToolArguments.write(block.get("input")));
            }
        }
        if (calls != null && text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (withRefusal) {
            message.putNull("refusal");
        }
        if (calls != null) {
            message.set("tool_calls", calls);
        }
    }
}
