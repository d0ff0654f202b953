package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.paved.gateway.wire.Json;
import dev.paved.guard.Stage;

/**
 * One text inside a request or answer body, with the stage it is checked at and a way to replace it in place:
 * a field of an object or an element of an array. A slot is JSON when its text is a JSON document (tool-call
 * arguments): a string field holding JSON (OpenAI {@code function.arguments}), or a field holding a JSON value
 * (Anthropic {@code tool_use.input}), which is checked as its JSON text and put back parsed.
 */
final class TextSlot {
    /** What a slot holds: answer text, the model's thinking, or tool-call arguments (JSON). */
    enum Kind { TEXT, THINKING, JSON }

    private final Stage stage;
    private final Kind kind;
    private final ObjectNode object;
    private final String field;
    private final ArrayNode array;
    private final int index;
    private final String text;
    /** The field holds a JSON value, not a string. */
    private final boolean value;

    private TextSlot(Stage stage, Kind kind, ObjectNode object, String field, ArrayNode array, int index, String text, boolean value) {
        this.stage = stage;
        this.kind = kind;
        this.object = object;
        this.field = field;
        this.array = array;
        this.index = index;
        this.text = text;
        this.value = value;
    }

    static TextSlot field(Stage stage, ObjectNode object, String field) {
        return field(stage, Kind.TEXT, object, field);
    }

    static TextSlot field(Stage stage, Kind kind, ObjectNode object, String field) {
        return new TextSlot(stage, kind, object, field, null, -1, object.get(field).asText(), false);
    }

    static TextSlot element(Stage stage, ArrayNode array, int index) {
        return new TextSlot(stage, Kind.TEXT, null, null, array, index, array.get(index).asText(), false);
    }

    /** A field holding a JSON value, checked as its JSON text. */
    static TextSlot jsonValue(Stage stage, ObjectNode object, String field) {
        return new TextSlot(stage, Kind.JSON, object, field, null, -1, Json.write(object.get(field)), true);
    }

    Stage stage() {
        return stage;
    }

    Kind kind() {
        return kind;
    }

    boolean json() {
        return kind == Kind.JSON;
    }

    String text() {
        return text;
    }

    void replace(String newText) {
        if (value) {
            JsonNode parsed = Json.parseOrNull(newText);
            object.set(field, parsed != null ? parsed : TextNode.valueOf(newText)); // never: redaction keeps JSON valid
        } else if (object != null) {
            object.put(field, newText);
        } else {
            array.set(index, TextNode.valueOf(newText));
        }
    }
}
