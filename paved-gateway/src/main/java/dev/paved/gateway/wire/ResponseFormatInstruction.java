package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The system-prompt text that stands in for OpenAI's {@code response_format} on providers that have
 * no such parameter.
 */
final class ResponseFormatInstruction {
    private static final String JSON_ONLY = "Output format: reply with exactly one JSON object and nothing else."
            + " Do not add explanations, Markdown or code fences before or after it.";

    private ResponseFormatInstruction() {
    }

    static String jsonObject() {
        return JSON_ONLY;
    }

    /** The instruction for a {@code json_schema} format, naming and embedding the schema when given. */
    static String jsonSchema(JsonNode jsonSchema) {
        JsonNode schema = jsonSchema.get("schema");
        if (schema == null || schema.isNull()) {
            return JSON_ONLY;
        }
        StringBuilder sb = new StringBuilder(JSON_ONLY).append(" The object must be valid against this JSON Schema");
        String name = Json.text(jsonSchema, "name");
        if (name != null && !name.isEmpty()) {
            sb.append(" (named \"").append(name).append("\")");
        }
        String description = Json.text(jsonSchema, "description");
        if (description != null && !description.isEmpty()) {
            sb.append(", which describes: ").append(description);
        }
        return sb.append(":\n").append(Json.write(schema)).toString();
    }
}
