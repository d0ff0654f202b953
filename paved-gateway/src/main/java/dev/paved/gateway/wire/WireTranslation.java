package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;

/**
 * Pure translations between OpenAI Chat Completions and Anthropic Messages bodies. Inputs are not
 * modified, though outputs may share subtrees of them (tool schemas, tool inputs), so treat both as
 * read-only afterwards. Requests are expected to have passed {@link OpenAiRequests#validateChat} or
 * {@link AnthropicRequests#validateMessages}; untranslatable content throws
 * {@link dev.paved.core.PavedException} of kind {@code INVALID_REQUEST}.
 */
public final class WireTranslation {
    private WireTranslation() {
    }

    /** A Chat Completions request as a Messages request for {@code targetModel}. */
    public static ObjectNode openAiToAnthropicRequest(ObjectNode chatCompletionsRequest, String targetModel) {
        return OpenAiToAnthropicRequest.translate(chatCompletionsRequest, targetModel);
    }

    /** A Messages request as a Chat Completions request for {@code targetModel}; streams always ask for usage. */
    public static ObjectNode anthropicToOpenAiRequest(ObjectNode messagesRequest, String targetModel) {
        return AnthropicToOpenAiRequest.translate(messagesRequest, targetModel);
    }

    /** A Messages response as a {@code chat.completion} naming {@code modelAlias}, created now. */
    public static ObjectNode anthropicToOpenAiResponse(ObjectNode messagesResponse, String modelAlias) {
        return AnthropicToOpenAiResponse.translate(messagesResponse, modelAlias, System.currentTimeMillis() / 1000);
    }

    /** A {@code chat.completion} as a Messages {@code message} naming {@code modelAlias}. */
    public static ObjectNode openAiToAnthropicResponse(ObjectNode chatCompletion, String modelAlias) {
        return OpenAiToAnthropicResponse.translate(chatCompletion, modelAlias);
    }

    /**
     * A request in format {@code from} as a request in format {@code to} for {@code targetModel}.
     * Within one format only {@code model} changes, in a shallow copy.
     */
    public static ObjectNode request(WireFormat from, WireFormat to, ObjectNode body, String targetModel) {
        if (from == to) {
            ObjectNode copy = Json.object();
            copy.setAll(body);
            copy.put("model", targetModel);
            return copy;
        }
        return from == WireFormat.OPENAI
                ? openAiToAnthropicRequest(body, targetModel)
                : anthropicToOpenAiRequest(body, targetModel);
    }

    /** A non-stream response in format {@code from} as one in format {@code to}; within one format, {@code body} itself. */
    public static ObjectNode response(WireFormat from, WireFormat to, ObjectNode body, String modelAlias) {
        if (from == to) {
            return body;
        }
        return from == WireFormat.ANTHROPIC
                ? anthropicToOpenAiResponse(body, modelAlias)
                : openAiToAnthropicResponse(body, modelAlias);
    }

    /** The error body a client of {@code format} expects. */
    public static ObjectNode errorBody(WireFormat format, PavedException e) {
        return format == WireFormat.OPENAI ? ErrorBodies.openAi(e) : ErrorBodies.anthropic(e);
    }
}
