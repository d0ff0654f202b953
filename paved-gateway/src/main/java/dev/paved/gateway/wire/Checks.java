package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.PavedException;
import java.util.Set;

/** Request checks shared by both APIs; each failure names the field and says what to send instead. */
final class Checks {
    private Checks() {
    }

    static void object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw PavedException.invalid("request body must be a JSON object", null);
        }
    }

    static void model(JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.textValue().isBlank()) {
            throw PavedException.invalid("model is required and must be a non-empty string naming a model", "model");
        }
    }

    /** Checks {@code messages} is a non-empty array of objects with an allowed role; returns it. */
    static JsonNode messages(JsonNode body, Set<String> roles, String rolesText) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw PavedException.invalid("messages is required and must be a non-empty array of message objects",
                    "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw PavedException.invalid("messages[" + i + "] must be an object with role and content",
                        "messages[" + i + "]");
            }
            String role = Json.text(m, "role");
            if (role == null || !roles.contains(role)) {
                throw PavedException.invalid("messages[" + i + "].role must be one of " + rolesText,
                        "messages[" + i + "].role");
            }
        }
        return messages;
    }

    /** Content that must be a string or an array (of parts or blocks). */
    static void content(JsonNode message, int i, boolean nullable) {
        JsonNode content = message.get("content");
        if (content != null && (content.isTextual() || content.isArray())) {
            return;
        }
        if (nullable && (content == null || content.isNull())) {
            return;
        }
        throw PavedException.invalid("messages[" + i + "].content must be a string or an array",
                "messages[" + i + "].content");
    }

    /** A field that, when present and not null, must be an integer of at least 1. */
    static void positiveInteger(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw PavedException.invalid(field + " is required and must be a positive integer", field);
            }
            return;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
            throw PavedException.invalid(field + " must be a positive integer", field);
        }
    }

    /** A field that, when present and not null, must be true or false. */
    static void bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v != null && !v.isNull() && !v.isBoolean()) {
            throw PavedException.invalid(field + " must be true or false", field);
        }
    }
}
