package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Rebuilds a {@code chat.completion} from a chunk stream the way a client SDK does, asserting the
 * stream's rules: unnamed events, every chunk with the same id, object and model, a role first,
 * tool call ids and names only on a call's first delta, and {@code [DONE]} last.
 */
final class OpenAiChunkAccumulator {
    private OpenAiChunkAccumulator() {
    }

    static ObjectNode accumulate(List<SseEvent> events) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).isDone()).as("ends with [DONE]").isTrue();
        ObjectNode result = Json.object();
        ObjectNode message = Json.object();
        StringBuilder content = new StringBuilder();
        ArrayNode calls = Json.array();
        String id = null;
        for (SseEvent e : events.subList(0, events.size() - 1)) {
            assertThat(e.event()).isNull();
            ObjectNode chunk = Fixtures.parse(e.data());
            assertThat(chunk.get("object").textValue()).isEqualTo("chat.completion.chunk");
            if (id == null) {
                id = chunk.get("id").textValue();
                result.put("id", id);
                result.set("model", chunk.get("model"));
            }
            assertThat(chunk.get("id").textValue()).isEqualTo(id);
            if (chunk.hasNonNull("usage")) {
                result.set("usage", chunk.get("usage"));
            }
            for (JsonNode choice : chunk.get("choices")) {
                JsonNode delta = choice.get("delta");
                if (delta.has("role")) {
                    assertThat(message.has("role")).as("role only once").isFalse();
                    message.set("role", delta.get("role"));
                }
                assertThat(message.has("role")).as("role on the first chunk").isTrue();
                if (delta.hasNonNull("content")) {
                    content.append(delta.get("content").textValue());
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    int index = call.get("index").intValue();
                    if (index == calls.size()) {
                        assertThat(call.hasNonNull("id")).as("first delta of a call has its id").isTrue();
                        ObjectNode c = calls.addObject();
                        c.set("id", call.get("id"));
                        c.put("type", call.get("type").textValue());
                        c.putObject("function").put("name", call.get("function").get("name").textValue())
                                .put("arguments", call.get("function").get("arguments").textValue());
                    } else {
                        assertThat(call.has("id")).as("later deltas carry no id").isFalse();
                        ObjectNode fn = (ObjectNode) calls.get(index).get("function");
                        fn.put("arguments", fn.get("arguments").textValue() + call.get("function").get("arguments").textValue());
                    }
                }
                if (choice.hasNonNull("finish_reason")) {
                    result.set("finish_reason", choice.get("finish_reason"));
                }
            }
        }
        message.put("content", content.toString());
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        result.set("message", message);
        return result;
    }
}
