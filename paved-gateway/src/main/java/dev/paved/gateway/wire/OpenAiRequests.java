package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.PavedException;
import java.util.Set;

/** Edge validation of OpenAI-format requests, before any routing or translation. */
public final class OpenAiRequests {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private OpenAiRequests() {
    }

    /** Checks a Chat Completions body; throws {@link PavedException} of kind INVALID_REQUEST naming the field. */
    public static void validateChat(JsonNode body) {
        Checks.object(body);
        Checks.model(body);
        JsonNode messages = Checks.messages(body, ROLES, "system, developer, user, assistant, tool");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.get("role").textValue();
            Checks.content(m, i, "assistant".equals(role));
            if ("tool".equals(role)) {
                JsonNode id = m.get("tool_call_id");
                if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
                    throw PavedException.invalid("messages[" + i + "].tool_call_id is required for role 'tool' and"
                            + " must name the tool call being answered", "messages[" + i + "].tool_call_id");
                }
            }
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.longValue() == 1)) {
            throw PavedException.invalid("n must be 1; request several completions with separate calls", "n");
        }
        Checks.positiveInteger(body, "max_tokens", false);
        Checks.positiveInteger(body, "max_completion_tokens", false);
        Checks.bool(body, "stream");
    }

    /** Checks an Embeddings body: a model and an input of text, texts, tokens or token arrays. */
    public static void validateEmbeddings(JsonNode body) {
        Checks.object(body);
        Checks.model(body);
        JsonNode input = body.get("input");
        if (input != null && input.isTextual()) {
            if (input.textValue().isEmpty()) {
                throw PavedException.invalid("input must not be an empty string", "input");
            }
            return;
        }
        if (input == null || !input.isArray() || input.isEmpty()) {
            throw PavedException.invalid("input is required and must be a string, an array of strings, an array of"
                    + " token ids or an array of token id arrays", "input");
        }
        JsonNode first = input.get(0);
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            boolean ok = first.isTextual() ? item.isTextual() && !item.textValue().isEmpty()
                    : first.isIntegralNumber() ? isToken(item)
                    : first.isArray() && isTokenArray(item);
            if (!ok) {
                throw PavedException.invalid("input[" + i + "] must be " + (first.isTextual() ? "a non-empty string"
                        : first.isIntegralNumber() ? "a token id" : first.isArray() ? "a non-empty array of token ids"
                        : "a string, a token id or an array of token ids") + ", like the other items", "input[" + i + "]");
            }
        }
    }

    private static boolean isToken(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0;
    }

    private static boolean isTokenArray(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode token : node) {
            if (!isToken(token)) {
                return false;
            }
        }
        return true;
    }
}
