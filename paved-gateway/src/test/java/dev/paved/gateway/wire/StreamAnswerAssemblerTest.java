package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Usage;
import dev.paved.gateway.WireFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamAnswerAssemblerTest {
    private static final Usage USAGE = Usage.of(12, 3);

    private static ObjectNode assemble(WireFormat format, String... writes) {
        StreamAnswerAssembler a = new StreamAnswerAssembler(format);
        for (String w : writes) {
            a.feed(w.getBytes(StandardCharsets.UTF_8));
        }
        return a.answer(USAGE);
    }

    private static String openAiChunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    @Test
    void openAiChunksBecomeOneCompletionEvenWhenEventsAreSplitAcrossWrites() {
        String all = openAiChunk("{\"role\":\"assistant\",\"content\":\"\"}", null) + openAiChunk("{\"content\":\"Hello, \"}", null)
                + openAiChunk("{\"content\":\"wörld\"}", null) + openAiChunk("{}", "stop") + "data: [DONE]\n\n";
        int cut = all.indexOf("wö") + 1;
        ObjectNode c = assemble(WireFormat.OPENAI, all.substring(0, cut), all.substring(cut));
        assertThat(c.path("object").asText()).isEqualTo("chat.completion");
        assertThat(c.path("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(c.path("model").asText()).isEqualTo("m");
        assertThat(c.path("choices").path(0).path("message").path("content").asText()).isEqualTo("Hello, wörld");
        assertThat(c.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(c.path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(c.path("usage").path("total_tokens").asInt()).isEqualTo(15);
    }

    @Test
    void openAiStreamsThatMustNotBeCachedYieldNothing() {
        assertThat(assemble(WireFormat.OPENAI, openAiChunk("{\"content\":\"cut off\"}", null))).as("no finish").isNull();
        assertThat(assemble(WireFormat.OPENAI, openAiChunk("{\"content\":\"x\"}", null),
                "data: {\"error\":{\"message\":\"upstream reset\",\"type\":\"server_error\"}}\n\n")).as("error event").isNull();
        assertThat(assemble(WireFormat.OPENAI, openAiChunk("{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\"}}]}", null),
                openAiChunk("{}", "tool_calls"))).as("tool calls").isNull();
        assertThat(assemble(WireFormat.OPENAI, openAiChunk("{\"content\":\"x\"}", "content_filter"))).as("filtered").isNull();
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    @Test
    void anthropicEventsBecomeOneMessage() {
        ObjectNode m = assemble(WireFormat.ANTHROPIC,
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude\",\"content\":[],\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Nile\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"));
        assertThat(m.path("type").asText()).isEqualTo("message");
        assertThat(m.path("id").asText()).isEqualTo("msg_1");
        assertThat(m.path("content").path(0).path("text").asText()).isEqualTo("Nile");
        assertThat(m.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(m.path("usage").path("output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void anthropicToolUseRefusalsAndErrorsYieldNothing() {
        String start = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\"}}");
        assertThat(assemble(WireFormat.ANTHROPIC, start,
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\"}}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}"))).isNull();
        assertThat(assemble(WireFormat.ANTHROPIC, start,
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"}}"))).isNull();
        assertThat(assemble(WireFormat.ANTHROPIC, start,
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"))).isNull();
    }
}
