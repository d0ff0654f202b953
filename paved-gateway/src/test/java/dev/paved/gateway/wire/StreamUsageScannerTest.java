package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamUsageScannerTest {
    private static void feed(StreamUsageScanner s, List<SseEvent> events) {
        events.forEach(s::accept);
    }

    @Test
    void openAiScannerFindsUsageFinishReasonAndFirstToken() {
        OpenAiStreamUsageScanner s = new OpenAiStreamUsageScanner();
        List<SseEvent> events = Fixtures.sse("openai-stream-text.sse");
        s.accept(events.get(0));
        assertThat(s.sawFirstToken()).as("role chunk with empty content").isFalse();
        assertThat(s.usage()).isNull();
        s.accept(events.get(1));
        assertThat(s.sawFirstToken()).isTrue();
        feed(s, events.subList(2, events.size()));
        assertThat(s.usage()).isEqualTo(new Usage(1069, 12, 2048, 0));
        assertThat(s.finishReason()).isEqualTo("stop");
        assertThat(s.complete()).isTrue();
    }

    @Test
    void openAiScannerSeesToolCallsAsFirstToken() {
        OpenAiStreamUsageScanner s = new OpenAiStreamUsageScanner();
        List<SseEvent> events = Fixtures.sse("openai-stream-tools.sse");
        s.accept(events.get(0));
        assertThat(s.sawFirstToken()).isTrue();
        feed(s, events.subList(1, events.size()));
        assertThat(s.finishReason()).isEqualTo("tool_calls");
        assertThat(s.usage()).isEqualTo(Usage.of(210, 54));
    }

    @Test
    void openAiScannerIgnoresKeysInsideStringValues() {
        OpenAiStreamUsageScanner s = new OpenAiStreamUsageScanner();
        s.accept(new SseEvent(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},"
                + "\"finish_reason\":null}],\"x\":\"\\\"usage\\\":{\\\"prompt_tokens\\\":5}\"}"));
        assertThat(s.usage()).isNull();
        assertThat(s.sawFirstToken()).isFalse();
        assertThat(s.finishReason()).isNull();
        assertThat(s.complete()).isFalse();
    }

    @Test
    void openAiScannerToleratesSpacesAfterColons() {
        OpenAiStreamUsageScanner s = new OpenAiStreamUsageScanner();
        s.accept(new SseEvent(null, "{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hi\"}, "
                + "\"finish_reason\": \"length\"}], \"usage\": {\"prompt_tokens\": 4, \"completion_tokens\": 1}}"));
        assertThat(s.sawFirstToken()).isTrue();
        assertThat(s.finishReason()).isEqualTo("length");
        assertThat(s.usage()).isEqualTo(Usage.of(4, 1));
    }

    @Test
    void anthropicScannerMergesStartAndDeltaUsage() {
        AnthropicStreamUsageScanner s = new AnthropicStreamUsageScanner();
        List<SseEvent> events = Fixtures.sse("anthropic-stream-text.sse");
        feed(s, events.subList(0, 3));
        assertThat(s.sawFirstToken()).isFalse();
        assertThat(s.usage()).isEqualTo(new Usage(472, 2, 2048, 0));
        feed(s, events.subList(3, events.size()));
        assertThat(s.sawFirstToken()).isTrue();
        assertThat(s.usage()).isEqualTo(new Usage(472, 12, 2048, 0));
        assertThat(s.finishReason()).isEqualTo("end_turn");
        assertThat(s.complete()).isTrue();
    }

    @Test
    void anthropicScannerHandlesToolStreamsAndUnnamedEvents() {
        AnthropicStreamUsageScanner s = new AnthropicStreamUsageScanner();
        for (SseEvent e : Fixtures.sse("anthropic-stream-tools.sse")) {
            s.accept(new SseEvent(null, e.data()));
        }
        assertThat(s.usage()).isEqualTo(new Usage(472, 89, 0, 100));
        assertThat(s.finishReason()).isEqualTo("tool_use");
        assertThat(s.sawFirstToken()).isTrue();
    }

    @Test
    void anthropicScannerCountsToolUseStartAsFirstToken() {
        AnthropicStreamUsageScanner s = new AnthropicStreamUsageScanner();
        s.accept(new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        assertThat(s.sawFirstToken()).isFalse();
        s.accept(new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}"));
        assertThat(s.sawFirstToken()).isTrue();
        assertThat(s.complete()).isFalse();
    }
}
