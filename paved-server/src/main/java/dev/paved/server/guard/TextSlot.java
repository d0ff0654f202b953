package dev.paved.server.guard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.paved.guard.Stage;

/**
 * One text inside a request or answer body, with the stage it is checked at and a way to replace it in place:
 * a field of an object or an element of an array.
 */
final class TextSlot {
    private final Stage stage;
    private final ObjectNode object;
    private final String field;
    private final ArrayNode array;
    private final int index;
    private final String text;

    private TextSlot(Stage stage, ObjectNode object, String field, ArrayNode array, int index, String text) {
        this.stage = stage;
        this.object = object;
        this.field = field;
        this.array = array;
        this.index = index;
        this.text = text;
    }

    static TextSlot field(Stage stage, ObjectNode object, String field) {
        return new TextSlot(stage, object, field, null, -1, object.get(field).asText());
    }

    static TextSlot element(Stage stage, ArrayNode array, int index) {
        return new TextSlot(stage, null, null, array, index, array.get(index).asText());
    }

    Stage stage() {
        return stage;
    }

    String text() {
        return text;
    }

    void replace(String newText) {
        if (object != null) {
            object.put(field, newText);
        } else {
            array.set(index, TextNode.valueOf(newText));
        }
    }
}
