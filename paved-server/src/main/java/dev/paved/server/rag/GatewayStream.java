package dev.paved.server.rag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.chat.ClientChannel;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.SseEvent;
import dev.paved.gateway.wire.SseParser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * The RAG service's side of an in-process gateway call: reads the OpenAI-format answer (a stream or a complete
 * JSON body) into text deltas, notes degradation headers, turns error bodies back into {@link PavedException}s,
 * passes the client's back-pressure to the gateway and tells it when the client went away.
 */
final class GatewayStream implements ClientChannel {
    /** What the stream tells the lifecycle. Called on the event loop, in order, ending with exactly one of completed or failed. */
    interface Listener {
        void delta(String text);

        void completed();

        void failed(PavedException error);

        /** True while the client reads slower than the answer arrives. */
        boolean clientBusy();

        void onClientDrained(Runnable action);
    }

    private final Listener listener;
    private final SseParser parser = new SseParser();
    private boolean started;
    private boolean finished;
    private boolean open = true;
    private Runnable gone;
    private String degraded;

    GatewayStream(Listener listener) {
        this.listener = listener;
    }

    /** Why the gateway degraded this answer ({@code x-paved-degraded}), or null. */
    String degraded() {
        return degraded;
    }

    /** The client went away: the gateway cancels the upstream call (and records it). */
    void cancel() {
        if (!open) {
            return;
        }
        open = false;
        Runnable r = gone;
        gone = null;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
        note(extraHeaders);
        JsonNode n = Json.parseOrNull(body.getBytes());
        if (status != 200 || n == null) {
            fail(error(status, n == null ? null : n.path("error")));
            return;
        }
        String content = n.path("choices").path(0).path("message").path("content").asText("");
        if (!content.isEmpty() && !finished) {
            listener.delta(content);
        }
        end();
    }

    @Override
    public void beginStream(MultiMap extraHeaders) {
        started = true;
        note(extraHeaders);
    }

    @Override
    public void write(Buffer sseBytes) {
        if (finished) {
            return;
        }
        for (SseEvent e : parser.feed(sseBytes.getBytes())) {
            if (e.isDone() || finished) {
                continue;
            }
            JsonNode n = Json.parseOrNull(e.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (n == null) {
                continue;
            }
            if (n.has("error")) {
                fail(error(502, n.get("error")));
                return;
            }
            JsonNode content = n.path("choices").path(0).path("delta").path("content");
            if (content.isTextual() && !content.asText().isEmpty()) {
                listener.delta(content.asText());
            }
        }
    }

    @Override
    public void end() {
        if (!finished) {
            finished = true;
            listener.completed();
        }
    }

    @Override
    public void fail(PavedException error) {
        if (!finished) {
            finished = true;
            listener.failed(error);
        }
    }

    @Override
    public boolean streamStarted() {
        return started;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void onClientGone(Runnable action) {
        if (open) {
            gone = action;
        } else {
            action.run();
        }
    }

    @Override
    public boolean writeQueueFull() {
        return listener.clientBusy();
    }

    @Override
    public void onDrain(Runnable action) {
        listener.onClientDrained(action);
    }

    private void note(MultiMap headers) {
        if (headers != null && headers.get("x-paved-degraded") != null) {
            degraded = headers.get("x-paved-degraded");
        }
    }

    private static PavedException error(int status, JsonNode error) {
        String message = error == null ? null : error.path("message").asText(null);
        String code = error == null ? null : error.path("code").asText(null);
        return new PavedException(ErrorKind.fromStatus(status), message != null ? message : "The model call failed (status " + status + ").",
                error == null ? null : error.path("param").asText(null), code);
    }
}
