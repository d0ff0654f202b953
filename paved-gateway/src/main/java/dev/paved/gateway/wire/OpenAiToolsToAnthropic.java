package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;

/** OpenAI function tools and tool choice as Anthropic tools and tool choice. */
final class OpenAiToolsToAnthropic {
    private OpenAiToolsToAnthropic() {
    }

    /** Copies {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} of {@code req} onto {@code out}. */
    static void translate(JsonNode req, ObjectNode out) {
        JsonNode tools = req.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode outTools = out.putArray("tools");
        for (int t = 0; t < tools.size(); t++) {
            JsonNode tool = tools.get(t);
            String type = Json.text(tool, "type");
            if (type != null && !"function".equals(type)) {
                throw PavedException.invalid("tools[" + t + "].type '" + type + "' is not supported by the target"
                        + " model; only function tools are", "tools[" + t + "].type");
            }
            JsonNode fn = tool.path("function");
            String name = Json.text(fn, "name");
            if (name == null || name.isEmpty()) {
                throw PavedException.invalid("tools[" + t + "].function.name is required", "tools[" + t + "].function.name");
            }
            ObjectNode o = outTools.addObject();
            o.put("name", name);
            String description = Json.text(fn, "description");
            if (description != null) {
                o.put("description", description);
            }
            JsonNode params = fn.get("parameters");
            if (params != null && params.isObject()) {
                o.set("input_schema", params);
            } else {
                o.putObject("input_schema").put("type", "object").putObject("properties");
            }
        }
        ObjectNode choice = toolChoice(req.get("tool_choice"));
        JsonNode parallel = req.get("parallel_tool_calls");
        if (parallel != null && parallel.isBoolean() && !parallel.booleanValue()) {
            if (choice == null) {
                choice = Json.object().put("type", "auto");
            }
            if (!"none".equals(choice.path("type").textValue())) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
    }

    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.textValue()) {
                case "auto" -> Json.object().put("type", "auto");
                case "none" -> Json.object().put("type", "none");
                case "required" -> Json.object().put("type", "any");
                default -> throw PavedException.invalid("tool_choice must be auto, none, required or a function",
                        "tool_choice");
            };
        }
        String name = Json.text(choice.path("function"), "name");
        if ("function".equals(Json.text(choice, "type")) && name != null && !name.isEmpty()) {
            return Json.object().put("type", "tool").put("name", name);
        }
        throw PavedException.invalid("tool_choice objects must be {\"type\":\"function\",\"function\":{\"name\":...}}",
                "tool_choice");
    }
}
