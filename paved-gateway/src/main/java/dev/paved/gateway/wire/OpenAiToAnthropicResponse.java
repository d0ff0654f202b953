package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Translates an OpenAI {@code chat.completion} into an Anthropic {@code message} response. */
final class OpenAiToAnthropicResponse {
    private OpenAiToAnthropicResponse() {
    }

    static ObjectNode translate(ObjectNode completion, String modelAlias) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = Json.object();
        out.put("id", WireIds.anthropicFromOpenAi(Json.text(completion, "id")));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", modelAlias);
        ArrayNode content = out.putArray("content");
        String text = Json.text(message, "content");
        if (text == null || text.isEmpty()) {
            text = Json.text(message, "refusal");
        }
        if (text != null && !text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode fn = call.path("function");
            ObjectNode use = content.addObject();
            use.put("type", "tool_use");
            use.put("id", WireIds.toolUseId(Json.text(call, "id")));
            use.put("name", Json.text(fn, "name"));
            use.set("input", ToolArguments.parse(Json.text(fn, "arguments")));
        }
        out.put("stop_reason", StopReasons.toAnthropic(Json.text(choice, "finish_reason")));
        out.putNull("stop_sequence");
        out.set("usage", Usages.toAnthropic(Usages.fromOpenAi(completion.get("usage"))));
        return out;
    }
}
