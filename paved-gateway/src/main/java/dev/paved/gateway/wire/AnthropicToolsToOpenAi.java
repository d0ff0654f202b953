package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;

/**
 * Anthropic custom tools and tool choice as OpenAI function tools and tool choice; server tools
 * (web search, code execution…) have no OpenAI counterpart and are refused.
 */
final class AnthropicToolsToOpenAi {
    private AnthropicToolsToOpenAi() {
    }

    /** Copies {@code tools} and {@code tool_choice} of {@code req} onto {@code out}. */
    static void translate(JsonNode req, ObjectNode out) {
        JsonNode tools = req.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode outTools = out.putArray("tools");
        for (int t = 0; t < tools.size(); t++) {
            JsonNode tool = tools.get(t);
            JsonNode schema = tool.get("input_schema");
            if (schema == null || !schema.isObject()) {
                String type = Json.text(tool, "type");
                throw PavedException.invalid("tools[" + t + "]" + (type == null ? "" : " of type '" + type + "'")
                        + " cannot be sent to the target model; only custom tools with an input_schema can",
                        "tools[" + t + "]");
            }
            ObjectNode fn = outTools.addObject().put("type", "function").putObject("function");
            fn.put("name", Json.text(tool, "name"));
            String description = Json.text(tool, "description");
            if (description != null) {
                fn.put("description", description);
            }
            fn.set("parameters", schema);
        }
        JsonNode choice = req.get("tool_choice");
        String type = Json.text(choice, "type");
        if (type != null) {
            switch (type) {
                case "auto" -> out.put("tool_choice", "auto");
                case "any" -> out.put("tool_choice", "required");
                case "none" -> out.put("tool_choice", "none");
                case "tool" -> out.putObject("tool_choice").put("type", "function")
                        .putObject("function").put("name", Json.text(choice, "name"));
                default -> throw PavedException.invalid("tool_choice.type must be auto, any, tool or none",
                        "tool_choice.type");
            }
            if (choice.path("disable_parallel_tool_use").asBoolean(false) && !"none".equals(type)) {
                out.put("parallel_tool_calls", false);
            }
        }
    }
}
