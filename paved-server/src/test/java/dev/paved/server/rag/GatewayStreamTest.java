package dev.paved.server.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayStreamTest {
    private final List<String> events = new ArrayList<>();
    private final GatewayStream stream = new GatewayStream(new GatewayStream.Listener() {
        @Override
        public void delta(String text) {
            events.add("delta:" + text);
        }

        @Override
        public void completed() {
            events.add("completed");
        }

        @Override
        public void failed(PavedException error) {
            events.add("failed:" + error.status() + ":" + error.code());
        }

        @Override
        public boolean clientBusy() {
            return false;
        }

        @Override
        public void onClientDrained(Runnable action) {
        }
    });

    private static Buffer chunk(String json) {
        return Buffer.buffer("data: " + json + "\n\n");
    }

    @Test
    void readsContentDeltasAcrossSplitWritesAndEndsOnce() {
        stream.beginStream(MultiMap.caseInsensitiveMultiMap().add("x-paved-degraded", "offline-cache"));
        Buffer all = Buffer.buffer().appendBuffer(chunk("{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}"))
                .appendBuffer(chunk("{\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}"))
                .appendBuffer(chunk("{\"choices\":[{\"delta\":{\"content\":\" world\"}}]}"))
                .appendBuffer(chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":3}}")).appendString("data: [DONE]\n\n");
        stream.write(all.slice(0, 70));
        stream.write(all.slice(70, all.length()));
        stream.end();
        stream.end();
        assertThat(events).containsExactly("delta:Hello", "delta: world", "completed");
        assertThat(stream.degraded()).isEqualTo("offline-cache");
        assertThat(stream.streamStarted()).isTrue();
    }

    @Test
    void errorsBecomeExceptionsWithTheirCode() {
        stream.sendJson(429, Buffer.buffer("{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limited\"}}"), null);
        stream.fail(new PavedException(ErrorKind.INTERNAL, "late"));
        assertThat(events).containsExactly("failed:429:rate_limited");
    }

    @Test
    void anErrorEventInTheStreamFailsIt() {
        stream.beginStream(null);
        stream.write(chunk("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}"));
        stream.write(chunk("{\"error\":{\"message\":\"broke\",\"code\":\"upstream_stream_interrupted\"}}"));
        stream.end();
        assertThat(events).containsExactly("delta:a", "failed:502:upstream_stream_interrupted");
    }

    @Test
    void aCompleteAnswerIsOneDelta() {
        stream.sendJson(200, Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"All of it.\"}}]}"), null);
        assertThat(events).containsExactly("delta:All of it.", "completed");
    }

    @Test
    void cancellingTellsTheGatewayOnce() {
        List<String> gone = new ArrayList<>();
        stream.onClientGone(() -> gone.add("gone"));
        stream.cancel();
        stream.cancel();
        assertThat(gone).containsExactly("gone");
        assertThat(stream.isOpen()).isFalse();
        stream.onClientGone(() -> gone.add("late"));
        assertThat(gone).containsExactly("gone", "late");
    }
}
