package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicToOpenAiStreamTest {
    private static final String HEAD = "{\"id\":\"chatcmpl-01XF\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1744120001,\"model\":\"smart\",";

    private static AnthropicToOpenAiStream translator(boolean includeUsage) {
        return new AnthropicToOpenAiStream("chatcmpl-01XF", "smart", includeUsage, 1744120001L);
    }

    @Test
    void textStreamWithUsageIsTheExactChunkSequence() {
        AnthropicToOpenAiStream t = translator(true);
        List<SseEvent> out = Fixtures.translate(t, Fixtures.sse("anthropic-stream-text.sse"));
        assertThat(out).extracting(SseEvent::event).containsOnlyNulls();
        assertThat(out).hasSize(6);
        assertJson(Fixtures.parse(out.get(0).data()), HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        assertJson(Fixtures.parse(out.get(1).data()), HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        assertJson(Fixtures.parse(out.get(2).data()), HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + "\", wörld! 👋\\n\\\"quoted\\\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        assertJson(Fixtures.parse(out.get(3).data()), HEAD + "\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}");
        assertJson(Fixtures.parse(out.get(4).data()), HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":2520,"
                + "\"completion_tokens\":12,\"total_tokens\":2532,\"prompt_tokens_details\":{\"cached_tokens\":2048}}}");
        assertThat(out.get(5)).isEqualTo(SseEvent.DONE);
        assertThat(t.usage()).isEqualTo(new Usage(472, 12, 2048, 0));
        assertThat(t.finishReason()).isEqualTo("stop");
        assertThat(t.sawFirstToken()).isTrue();
        assertThat(t.complete()).isTrue();
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageAnywhere() {
        AnthropicToOpenAiStream t = translator(false);
        List<SseEvent> out = Fixtures.translate(t, Fixtures.sse("anthropic-stream-text.sse"));
        assertThat(out).hasSize(5);
        for (ObjectNode chunk : Fixtures.data(out)) {
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.get("choices")).hasSize(1);
        }
        assertThat(t.usage()).as("still tracked for the ledger").isEqualTo(new Usage(472, 12, 2048, 0));
    }

    @Test
    void streamedToolCallsCarryIdAndNameFirstThenArgumentFragments() {
        AnthropicToOpenAiStream t = translator(true);
        List<SseEvent> out = Fixtures.translate(t, Fixtures.sse("anthropic-stream-tools.sse"));
        List<ObjectNode> chunks = Fixtures.data(out);
        assertJson(chunks.get(2).get("choices").get(0).get("delta"), "{\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}");
        assertJson(chunks.get(3).get("choices").get(0).get("delta"),
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\"}}]}");
        ObjectNode result = OpenAiChunkAccumulator.accumulate(out);
        assertJson(result.get("finish_reason"), "\"tool_calls\"");
        assertJson(result.get("message").get("content"), "\"I'll check both cities.\"");
        assertThat(result.get("message").get("tool_calls")).hasSize(2);
        ObjectNode first = (ObjectNode) result.get("message").get("tool_calls").get(0);
        assertJson(first.get("id"), "\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\"");
        assertJson(Fixtures.parse(first.get("function").get("arguments").textValue()),
                "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}");
        ObjectNode second = (ObjectNode) result.get("message").get("tool_calls").get(1);
        assertJson(second.get("id"), "\"toolu_01VbTNGAEpnD2r1VJQ1bTjpA\"");
        assertJson(Fixtures.parse(second.get("function").get("arguments").textValue()),
                "{\"location\":\"Paris, France\"}");
        assertJson(result.get("usage"), "{\"prompt_tokens\":572,\"completion_tokens\":89,\"total_tokens\":661,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}");
        assertThat(t.usage()).isEqualTo(new Usage(472, 89, 0, 100));
        assertThat(t.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void emptyArgumentFragmentsAndPingsProduceNothing() {
        List<SseEvent> upstream = Fixtures.sse("anthropic-stream-tools.sse");
        List<SseEvent> out = Fixtures.translate(translator(false), upstream);
        long fragments = upstream.stream().filter(e -> e.data().contains("input_json_delta")).count();
        long emptyFragments = upstream.stream().filter(e -> e.data().contains("\"partial_json\":\"\"")).count();
        assertThat(emptyFragments).isEqualTo(1);
        long argumentChunks = Fixtures.data(out).stream()
                .map(c -> c.path("choices").path(0).path("delta").path("tool_calls").path(0))
                .filter(call -> call.has("function") && !call.has("id"))
                .count();
        assertThat(argumentChunks).isEqualTo(fragments - emptyFragments);
    }

    @Test
    void firstTokenIsTheFirstTextDeltaNotTheStart() {
        AnthropicToOpenAiStream t = translator(false);
        List<SseEvent> upstream = Fixtures.sse("anthropic-stream-text.sse");
        t.onEvent(upstream.get(0));
        t.onEvent(upstream.get(1));
        t.onEvent(upstream.get(2));
        assertThat(t.sawFirstToken()).isFalse();
        t.onEvent(upstream.get(3));
        assertThat(t.sawFirstToken()).isTrue();
    }

    @Test
    void upstreamErrorBecomesOpenAiErrorThenDone() {
        AnthropicToOpenAiStream t = translator(true);
        List<SseEvent> upstream = Fixtures.sse("anthropic-stream-text.sse");
        List<SseEvent> out = new ArrayList<>();
        out.addAll(t.onEvent(upstream.get(0)));
        out.addAll(t.onEvent(new SseEvent("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        out.addAll(t.onEvent(upstream.get(3)));
        out.addAll(t.onEnd());
        assertThat(out).hasSize(3);
        assertJson(Fixtures.parse(out.get(1).data()),
                "{\"error\":{\"message\":\"Overloaded\",\"type\":\"api_error\",\"param\":null,\"code\":null}}");
        assertThat(out.get(2)).isEqualTo(SseEvent.DONE);
        assertThat(t.complete()).isFalse();
    }

    @Test
    void upstreamEndingMidAnswerClosesWithAnError() {
        AnthropicToOpenAiStream t = translator(false);
        List<SseEvent> upstream = Fixtures.sse("anthropic-stream-text.sse");
        for (SseEvent e : upstream.subList(0, 4)) {
            t.onEvent(e);
        }
        List<SseEvent> end = t.onEnd();
        assertThat(end).hasSize(2);
        assertThat(Fixtures.parse(end.get(0).data()).get("error").get("message").textValue()).contains("ended");
        assertThat(end.get(1)).isEqualTo(SseEvent.DONE);
        assertThat(t.complete()).isFalse();
        assertThat(t.finishReason()).isNull();
    }

    @Test
    void missingMessageStopAfterStopReasonStillEndsNormally() {
        AnthropicToOpenAiStream t = translator(true);
        List<SseEvent> upstream = Fixtures.sse("anthropic-stream-text.sse");
        List<SseEvent> out = Fixtures.translate(t, upstream.subList(0, upstream.size() - 1));
        ObjectNode result = OpenAiChunkAccumulator.accumulate(out);
        assertJson(result.get("finish_reason"), "\"stop\"");
        assertThat(result.get("usage").get("completion_tokens").intValue()).isEqualTo(12);
        assertThat(t.complete()).isTrue();
    }

    @Test
    void maxTokensStopAndThinkingBlocks() {
        AnthropicToOpenAiStream t = translator(false);
        List<SseEvent> out = Fixtures.translate(t, List.of(
                new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":"
                        + "{\"input_tokens\":5,\"output_tokens\":1}}}"),
                new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"),
                new SseEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"secret\"}}"),
                new SseEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                new SseEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Trunc\"}}"),
                new SseEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                new SseEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":16}}"),
                new SseEvent("message_stop", "{\"type\":\"message_stop\"}")));
        ObjectNode result = OpenAiChunkAccumulator.accumulate(out);
        assertJson(result.get("message"), "{\"role\":\"assistant\",\"content\":\"Trunc\"}");
        assertJson(result.get("finish_reason"), "\"length\"");
        assertThat(Json.write(result)).doesNotContain("secret");
        assertThat(t.usage()).isEqualTo(Usage.of(5, 16));
    }

    @Test
    void encodedOutputParsesBackUnchanged() {
        List<SseEvent> out = Fixtures.translate(translator(true), Fixtures.sse("anthropic-stream-tools.sse"));
        SseParser parser = new SseParser();
        List<SseEvent> reparsed = new ArrayList<>();
        for (SseEvent e : out) {
            reparsed.addAll(parser.feed(e.encode()));
        }
        assertThat(reparsed).containsExactlyElementsOf(out);
    }
}
