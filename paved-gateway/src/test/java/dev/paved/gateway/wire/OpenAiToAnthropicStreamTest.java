package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiToAnthropicStreamTest {
    private static SseEvent chunk(String choicesAndUsage) {
        return new SseEvent(null, "{\"id\":\"chatcmpl-X1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4.1\"," + choicesAndUsage + "}");
    }

    private static SseEvent delta(String delta, String finishReason) {
        return chunk("\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]");
    }

    @Test
    void textStreamIsTheExactEventSequence() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        List<SseEvent> out = Fixtures.translate(t, Fixtures.sse("openai-stream-text.sse"));
        assertThat(out).extracting(SseEvent::event).containsExactly("message_start", "content_block_start",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertJson(Fixtures.parse(out.get(0).data()), """
                {"type":"message_start","message":{"id":"msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG","type":"message",
                 "role":"assistant","model":"smart","content":[],"stop_reason":null,"stop_sequence":null,
                 "usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}""");
        assertJson(Fixtures.parse(out.get(1).data()),
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        assertJson(Fixtures.parse(out.get(2).data()),
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}");
        assertJson(Fixtures.parse(out.get(3).data()), "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\", wörld! 👋\\n\\\"quoted\\\"\"}}");
        assertJson(Fixtures.parse(out.get(4).data()), "{\"type\":\"content_block_stop\",\"index\":0}");
        assertJson(Fixtures.parse(out.get(5).data()), """
                {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
                 "usage":{"input_tokens":1069,"cache_creation_input_tokens":0,"cache_read_input_tokens":2048,
                   "output_tokens":12}}""");
        assertJson(Fixtures.parse(out.get(6).data()), "{\"type\":\"message_stop\"}");
        assertThat(t.usage()).isEqualTo(new Usage(1069, 12, 2048, 0));
        assertThat(t.finishReason()).isEqualTo("end_turn");
        assertThat(t.sawFirstToken()).isTrue();
        assertThat(t.complete()).isTrue();
    }

    @Test
    void streamedParallelToolCallsBecomeToolUseBlocks() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        List<SseEvent> out = Fixtures.translate(t, Fixtures.sse("openai-stream-tools.sse"));
        assertJson(Fixtures.parse(out.get(1).data()), """
                {"type":"content_block_start","index":0,"content_block":{"type":"tool_use",
                 "id":"call_gHrCmpZ2ZRThXhvsGUbfUg8T","name":"get_weather","input":{}}}""");
        assertJson(Fixtures.parse(out.get(2).data()), "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"lo\"}}");
        ObjectNode message = AnthropicStreamAccumulator.accumulate(out);
        assertJson(message.get("content"), """
                [{"type":"tool_use","id":"call_gHrCmpZ2ZRThXhvsGUbfUg8T","name":"get_weather",
                  "input":{"location":"San Francisco, CA"}},
                 {"type":"tool_use","id":"call_9VbTNGAEpnD2r1VJQ1bTjpA","name":"get_weather",
                  "input":{"location":"Paris, France"}}]""");
        assertJson(message.get("stop_reason"), "\"tool_use\"");
        assertThat(t.usage()).isEqualTo(Usage.of(210, 54));
        assertThat(t.finishReason()).isEqualTo("tool_use");
    }

    @Test
    void textThenToolCallSwitchesBlocks() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        List<SseEvent> out = Fixtures.translate(t, List.of(
                delta("{\"role\":\"assistant\",\"content\":\"\"}", null),
                delta("{\"content\":\"Let me look.\"}", null),
                delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_A\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"x\\\"}\"}}]}", null),
                delta("{}", "tool_calls"),
                SseEvent.DONE));
        ObjectNode message = AnthropicStreamAccumulator.accumulate(out);
        assertJson(message.get("content"), """
                [{"type":"text","text":"Let me look."},
                 {"type":"tool_use","id":"call_A","name":"lookup","input":{"q":"x"}}]""");
        assertJson(message.get("usage"), "{\"input_tokens\":0,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":0}");
        assertThat(t.usage()).as("upstream reported none").isNull();
    }

    @Test
    void firstTokenIsNotTheRoleChunk() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        List<SseEvent> upstream = Fixtures.sse("openai-stream-text.sse");
        assertThat(t.onEvent(upstream.get(0))).extracting(SseEvent::event).containsExactly("message_start");
        assertThat(t.sawFirstToken()).isFalse();
        t.onEvent(upstream.get(1));
        assertThat(t.sawFirstToken()).isTrue();
    }

    @Test
    void lengthFinishAndRefusalDeltas() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        List<SseEvent> out = Fixtures.translate(t, List.of(
                delta("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", null),
                delta("{\"refusal\":\"I can't\"}", null),
                delta("{}", "length"),
                chunk("\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}"),
                SseEvent.DONE));
        ObjectNode message = AnthropicStreamAccumulator.accumulate(out);
        assertJson(message.get("content"), "[{\"type\":\"text\",\"text\":\"I can't\"}]");
        assertJson(message.get("stop_reason"), "\"max_tokens\"");
        assertThat(message.get("usage").get("input_tokens").intValue()).isEqualTo(9);
        assertThat(message.get("usage").get("output_tokens").intValue()).isEqualTo(3);
    }

    @Test
    void upstreamErrorChunkBecomesAnthropicErrorEvent() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        List<SseEvent> out = new ArrayList<>(t.onEvent(delta("{\"content\":\"Hi\"}", null)));
        out.addAll(t.onEvent(new SseEvent(null,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":null}}")));
        out.addAll(t.onEvent(SseEvent.DONE));
        out.addAll(t.onEnd());
        SseEvent last = out.get(out.size() - 1);
        assertThat(last.event()).isEqualTo("error");
        assertJson(Fixtures.parse(last.data()),
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limit reached\"}}");
        assertThat(t.complete()).isFalse();
    }

    @Test
    void upstreamEndingWithoutFinishReasonIsAnError() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        t.onEvent(delta("{\"content\":\"Hi\"}", null));
        List<SseEvent> end = t.onEnd();
        assertThat(end).hasSize(1);
        assertThat(end.get(0).event()).isEqualTo("error");
        assertJson(Fixtures.parse(end.get(0).data()).get("error").get("type"), "\"api_error\"");
        assertThat(t.complete()).isFalse();
    }

    @Test
    void endWithoutDoneAfterFinishReasonEndsNormally() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        List<SseEvent> upstream = Fixtures.sse("openai-stream-text.sse");
        ObjectNode message = AnthropicStreamAccumulator.accumulate(
                Fixtures.translate(t, upstream.subList(0, upstream.size() - 1)));
        assertJson(message.get("content"), "[{\"type\":\"text\",\"text\":\"Hello, wörld! 👋\\n\\\"quoted\\\"\"}]");
        assertThat(t.complete()).isTrue();
    }

    @Test
    void doneWithNoContentStillProducesAWellFormedMessage() {
        OpenAiToAnthropicStream t = new OpenAiToAnthropicStream("smart");
        ObjectNode message = AnthropicStreamAccumulator.accumulate(Fixtures.translate(t, List.of(SseEvent.DONE)));
        assertJson(message.get("content"), "[]");
        assertJson(message.get("stop_reason"), "\"end_turn\"");
        assertThat(message.get("id").textValue()).startsWith("msg_");
    }

    @Test
    void anthropicToOpenAiToAnthropicStreamKeepsTheMessage() {
        List<SseEvent> openAi = Fixtures.translate(new AnthropicToOpenAiStream("chatcmpl-014p", "smart", true),
                Fixtures.sse("anthropic-stream-tools.sse"));
        OpenAiToAnthropicStream back = new OpenAiToAnthropicStream("smart");
        ObjectNode message = AnthropicStreamAccumulator.accumulate(Fixtures.translate(back, openAi));
        assertJson(message.get("content"), """
                [{"type":"text","text":"I'll check both cities."},
                 {"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather",
                  "input":{"location":"San Francisco, CA","unit":"celsius"}},
                 {"type":"tool_use","id":"toolu_01VbTNGAEpnD2r1VJQ1bTjpA","name":"get_weather",
                  "input":{"location":"Paris, France"}}]""");
        assertJson(message.get("stop_reason"), "\"tool_use\"");
        assertThat(back.usage().promptTokens()).isEqualTo(572);
        assertThat(back.usage().outputTokens()).isEqualTo(89);
    }
}
