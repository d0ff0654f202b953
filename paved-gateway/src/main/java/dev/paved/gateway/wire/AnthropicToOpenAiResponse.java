package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Translates an Anthropic {@code message} response into an OpenAI {@code chat.completion}. */
final class AnthropicToOpenAiResponse {
    private AnthropicToOpenAiResponse() {
    }

    static ObjectNode translate(ObjectNode resp, String modelAlias, long createdEpochSeconds) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        for (JsonNode block : resp.path("content")) {
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
        ObjectNode out = Json.object();
        out.put("id", WireIds.openAiFromAnthropic(Json.text(resp, "id")));
        out.put("object", "chat.completion");
        out.put("created", createdEpochSeconds);
        out.put("model", modelAlias);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (calls != null && text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        message.putNull("refusal");
        if (calls != null) {
            message.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", StopReasons.toOpenAi(Json.text(resp, "stop_reason")));
        out.set("usage", Usages.toOpenAi(Usages.fromAnthropic(resp.get("usage"))));
        return out;
    }
}
