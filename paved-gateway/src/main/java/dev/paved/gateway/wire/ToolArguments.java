package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Converts between OpenAI's tool arguments (a JSON string) and Anthropic's tool input (a JSON object). */
final class ToolArguments {
    private ToolArguments() {
    }

    /** The arguments string as an object; empty, invalid or non-object arguments give {@code {}}. */
    static ObjectNode parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        JsonNode parsed = Json.parseOrNull(arguments);
        return parsed != null && parsed.isObject() ? (ObjectNode) parsed : Json.object();
    }

    /** The input object as an arguments string; a missing input gives {@code "{}"}. */
    static String write(JsonNode input) {
        return input == null || input.isNull() || input.isMissingNode() ? "{}" : Json.write(input);
    }
}
