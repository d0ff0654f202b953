package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Translates an Anthropic {@code message} response into an OpenAI {@code chat.completion}. */
final class AnthropicToOpenAiResponse {
    private AnthropicToOpenAiResponse() {
    }

    static ObjectNode translate(ObjectNode resp, String modelAlias, long createdEpochSeconds) {
        ObjectNode out = Json.object();
        out.put("id", WireIds.openAiFromAnthropic(Json.text(resp, "id")));
        out.put("object", "chat.completion");
        out.put("created", createdEpochSeconds);
        out.put("model", modelAlias);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        AssistantBlocks.writeOpenAi(resp.path("content"), message, true);
        choice.putNull("logprobs");
        choice.put("finish_reason", StopReasons.toOpenAi(Json.text(resp, "stop_reason")));
        out.set("usage", Usages.toOpenAi(Usages.fromAnthropic(resp.get("usage"))));
        return out;
    }
}
