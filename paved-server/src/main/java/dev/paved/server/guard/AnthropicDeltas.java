package dev.paved.server.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.wire.Json;

/** The Anthropic {@code content_block_delta} events the output stage reads and writes: text, thinking and tool input. */
final class AnthropicDeltas {
    private AnthropicDeltas() {
    }

    /** The delta's field holding the text of a part of {@code kind} ({@code text}, {@code thinking}, {@code partial_json}). */
    static String field(StreamPart.Kind kind) {
        if (kind == null) {
            return "text";
        }
        return switch (kind) {
            case TEXT -> "text";
            case THINKING -> "thinking";
            case JSON -> "partial_json";
        };
    }

    /** A {@code content_block_delta} with {@code text} for the block of {@code part}, of the delta type its kind has. */
    static ObjectNode delta(StreamPart part, String text) {
        ObjectNode e = Json.object();
        e.put("type", "content_block_delta");
        e.put("index", part.index());
        String type = switch (part.kind()) {
            case TEXT -> "text_delta";
            case THINKING -> "thinking_delta";
            case JSON -> "input_json_delta";
        };
        e.putObject("delta").put("type", type).put(field(part.kind()), text);
        return e;
    }
}
