package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseEventTest {
    private static String encoded(SseEvent e) {
        return new String(e.encode(), StandardCharsets.UTF_8);
    }

    @Test
    void namedEventHasEventLineThenDataLineThenBlankLine() {
        assertThat(encoded(new SseEvent("message_stop", "{\"type\":\"message_stop\"}")))
                .isEqualTo("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void unnamedEventOmitsEventLine() {
        assertThat(encoded(new SseEvent(null, "{\"a\":1}"))).isEqualTo("data: {\"a\":1}\n\n");
        assertThat(encoded(SseEvent.DONE)).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void multiLineDataBecomesOneDataLinePerLine() {
        assertThat(encoded(new SseEvent("x", "one\ntwo\r\nthree\rfour")))
                .isEqualTo("event: x\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
        assertThat(encoded(new SseEvent(null, "trailing\n"))).isEqualTo("data: trailing\ndata: \n\n");
    }

    @Test
    void emptyDataIsOneEmptyDataLine() {
        assertThat(encoded(new SseEvent(null, ""))).isEqualTo("data: \n\n");
    }

    @Test
    void encodesUtf8() {
        assertThat(new SseEvent(null, "wörld 👋").encode())
                .isEqualTo("data: wörld 👋\n\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejectsNullDataAndLineBreaksInEventName() {
        assertThatThrownBy(() -> new SseEvent("x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SseEvent("a\nb", "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SseEvent("a\rb", "d")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonFactoriesWriteCompactJson() {
        SseEvent e = SseEvent.json("ping", Json.object().put("type", "ping"));
        assertThat(e).isEqualTo(new SseEvent("ping", "{\"type\":\"ping\"}"));
        assertThat(SseEvent.json(Json.object().put("k", "v\n")).data()).isEqualTo("{\"k\":\"v\\n\"}");
    }

    @Test
    void recognisesDone() {
        assertThat(SseEvent.DONE.isDone()).isTrue();
        assertThat(new SseEvent(null, "[DONE]").isDone()).isTrue();
        assertThat(new SseEvent(null, "[DONE] ").isDone()).isFalse();
        assertThat(new SseEvent(null, "{}").isDone()).isFalse();
    }
}
