package dev.paved.gateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with a real BPE tokenizer (jtokkit's o200k_base) when a provider does not report
 * usage. The count is an estimate for non-OpenAI models, and the ledger says so.
 */
public final class TokenEstimator {
    /** Per-message framing overhead of the chat format (role markers and separators). */
    private static final int PER_MESSAGE = 3;
    private static final int PER_REQUEST = 3;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /**
     * Prompt tokens of a chat request in either wire format: every text found in {@code system} and
     * {@code messages} (string contents, text parts, tool arguments and results), plus framing.
     */
    public int countPrompt(JsonNode request) {
        int n = PER_REQUEST;
        n += countText(request.get("system"));
        JsonNode messages = request.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode m : messages) {
                n += PER_MESSAGE + countText(m.get("content"));
                JsonNode calls = m.get("tool_calls");
                if (calls != null) {
                    n += countText(calls);
                }
            }
        }
        JsonNode tools = request.get("tools");
        if (tools != null && tools.isArray()) {
            n += count(tools.toString());
        }
        return n;
    }

    /** Tokens of every string leaf under a node (text blocks, tool inputs, nested parts). */
    public int countText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return 0;
        }
        if (node.isTextual()) {
            return count(node.asText());
        }
        int n = 0;
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                n += countText(child);
            }
        }
        return n;
    }
}
