package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.PavedException;
import java.util.Set;

/** Edge validation of Anthropic-format requests, before any routing or translation. */
public final class AnthropicRequests {
    private static final Set<String> ROLES = Set.of("user", "assistant");

    private AnthropicRequests() {
    }

    /** Checks a Messages body; throws {@link PavedException} of kind INVALID_REQUEST naming the field. */
    public static void validateMessages(JsonNode body) {
        Checks.object(body);
        Checks.model(body);
        JsonNode messages = body.get("messages");
        if (messages != null && messages.isArray()) {
            for (int i = 0; i < messages.size(); i++) {
                if ("system".equals(Json.text(messages.get(i), "role"))) {
                    throw PavedException.invalid("messages[" + i + "].role cannot be system; put system text in the"
                            + " top-level system field", "messages[" + i + "].role");
                }
            }
        }
        messages = Checks.messages(body, ROLES, "user, assistant");
        for (int i = 0; i < messages.size(); i++) {
            Checks.content(messages.get(i), i, false);
        }
        Checks.positiveInteger(body, "max_tokens", true);
        Checks.bool(body, "stream");
    }
}
