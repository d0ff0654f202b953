package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Rebuilds the final message from an Anthropic event stream the way a client SDK does, asserting
 * the ordering rules on the way: message_start first, blocks opened with consecutive indexes,
 * deltas only for the open block, every block stopped before the next starts and before
 * message_delta, message_stop last, and each event's name equal to its data's type.
 */
final class AnthropicStreamAccumulator {
    private AnthropicStreamAccumulator() {
    }

    static ObjectNode accumulate(List<SseEvent> events) {
        ObjectNode message = null;
        int open = -1;
        StringBuilder partialJson = null;
        boolean stopped = false;
        for (SseEvent e : events) {
            assertThat(stopped).as("event after message_stop: %s", e).isFalse();
            ObjectNode data = Fixtures.parse(e.data());
            assertThat(e.event()).as("event name matches data type").isEqualTo(data.path("type").textValue());
            switch (e.event()) {
                case "message_start" -> {
                    assertThat(message).as("one message_start").isNull();
                    message = (ObjectNode) data.get("message").deepCopy();
                    assertThat(message.get("content")).isEmpty();
                }
                case "content_block_start" -> {
                    assertThat(message).as("message_start first").isNotNull();
                    assertThat(open).as("previous block stopped").isEqualTo(-1);
                    ArrayNode content = (ArrayNode) message.get("content");
                    assertThat(data.get("index").intValue()).isEqualTo(content.size());
                    content.add(data.get("content_block").deepCopy());
                    open = data.get("index").intValue();
                    partialJson = new StringBuilder();
                }
                case "content_block_delta" -> {
                    assertThat(data.get("index").intValue()).isEqualTo(open);
                    ObjectNode block = (ObjectNode) message.get("content").get(open);
                    JsonNode delta = data.get("delta");
                    switch (delta.get("type").textValue()) {
                        case "text_delta" -> block.put("text", block.get("text").textValue() + delta.get("text").textValue());
                        case "input_json_delta" -> partialJson.append(delta.get("partial_json").textValue());
                        default -> throw new AssertionError("unexpected delta " + delta);
                    }
                }
                case "content_block_stop" -> {
                    assertThat(data.get("index").intValue()).isEqualTo(open);
                    ObjectNode block = (ObjectNode) message.get("content").get(open);
                    if ("tool_use".equals(block.get("type").textValue()) && !partialJson.isEmpty()) {
                        block.set("input", Fixtures.parse(partialJson.toString()));
                    }
                    open = -1;
                }
                case "message_delta" -> {
                    assertThat(open).as("blocks stopped before message_delta").isEqualTo(-1);
                    message.set("stop_reason", data.get("delta").get("stop_reason"));
                    message.set("stop_sequence", data.get("delta").get("stop_sequence"));
                    ((ObjectNode) message.get("usage")).setAll((ObjectNode) data.get("usage"));
                }
                case "message_stop" -> stopped = true;
                case "ping" -> {
                }
                default -> throw new AssertionError("unexpected event " + e);
            }
        }
        assertThat(stopped).as("ends with message_stop").isTrue();
        return message;
    }
}
