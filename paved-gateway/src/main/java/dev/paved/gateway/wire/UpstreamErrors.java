package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;

/** Turns an upstream provider's error response into a {@link PavedException}. */
public final class UpstreamErrors {
    private UpstreamErrors() {
    }

    /**
     * The error for an upstream response of HTTP {@code status}: its kind from the status, its
     * message (and OpenAI's {@code param} and string {@code code}) from the body when that is an
     * OpenAI or Anthropic error object, else {@code upstream returned HTTP <status>}.
     */
    public static PavedException parse(int status, byte[] body) {
        ErrorKind kind = ErrorKind.fromStatus(status);
        JsonNode root = body == null || body.length == 0 ? null : Json.parseOrNull(body);
        if (root != null && root.isObject()) {
            JsonNode error = root.get("error");
            if (error != null && error.isObject()) {
                String message = Json.text(error, "message");
                if (message != null && !message.isBlank()) {
                    return new PavedException(kind, message, Json.text(error, "param"), Json.text(error, "code"));
                }
            } else if (error != null && error.isTextual() && !error.textValue().isBlank()) {
                return new PavedException(kind, error.textValue());
            }
            String message = Json.text(root, "message");
            if (message != null && !message.isBlank()) {
                return new PavedException(kind, message);
            }
        }
        return new PavedException(kind, "upstream returned HTTP " + status);
    }
}
