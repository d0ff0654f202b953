package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.usage.TokenEstimator;

/**
 * The {@code truncate} overflow policy: drops the oldest conversation turns until the prompt fits a token
 * budget. System instructions and the last message are always kept. A dropped assistant turn takes its
 * tool results with it (OpenAI {@code tool} messages, Anthropic {@code tool_result} blocks), and an
 * Anthropic conversation still starts with a user turn, so the request stays valid for the provider.
 */
final class ContextTrimmer {
    private ContextTrimmer() {
    }

    /** A copy of {@code body} whose prompt fits {@code budget} tokens, or null when even the minimum does not fit. */
    static ObjectNode trim(WireFormat format, ObjectNode body, long budget, TokenEstimator tokens) {
        ObjectNode copy = body.deepCopy();
        ArrayNode messages = (ArrayNode) copy.get("messages");
        while (tokens.countPrompt(copy) > budget) {
            int first = firstDroppable(format, messages);
            if (first < 0) {
                return null;
            }
            messages.remove(first);
            while (first < messages.size() - 1 && isToolFollowUp(format, messages.get(first))) {
                messages.remove(first);
            }
            if (format == WireFormat.ANTHROPIC) {
                while (messages.size() > 1 && !"user".equals(messages.get(0).path("role").asText())) {
                    messages.remove(0);
                }
            }
        }
        return copy;
    }

    /** Index of the oldest message that may go: not a system message, not the last one; -1 when none. */
    private static int firstDroppable(WireFormat format, ArrayNode messages) {
        for (int i = 0; i < messages.size() - 1; i++) {
            String role = messages.get(i).path("role").asText();
            if (format == WireFormat.OPENAI && ("system".equals(role) || "developer".equals(role))) {
                continue;
            }
            return i;
        }
        return -1;
    }

    private static boolean isToolFollowUp(WireFormat format, JsonNode message) {
        if (format == WireFormat.OPENAI) {
            return "tool".equals(message.path("role").asText());
        }
        JsonNode content = message.get("content");
        if (content instanceof ArrayNode blocks) {
            for (JsonNode b : blocks) {
                if ("tool_result".equals(b.path("type").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
