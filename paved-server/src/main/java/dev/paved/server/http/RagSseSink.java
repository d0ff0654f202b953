package dev.paved.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.ErrorBodies;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.SseEvent;
import dev.paved.server.rag.RagSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A RAG answer over HTTP: one JSON object, or server-sent events ({@code token} events with {@code {"text"}}, then
 * one {@code done} event with the whole result, or an {@code error} event). Errors before the first event are
 * ordinary JSON error responses with their status.
 */
final class RagSseSink implements RagSink {
    private final HttpServerResponse response;
    private final boolean streaming;
    private boolean headWritten;

    RagSseSink(HttpServerResponse response, boolean streaming) {
        this.response = response;
        this.streaming = streaming;
    }

    @Override
    public void token(String text) {
        if (!streaming || !isOpen()) {
            return;
        }
        head();
        response.write(Buffer.buffer(SseEvent.json("token", Json.object().put("text", text)).encode()));
    }

    @Override
    public void done(ObjectNode result) {
        if (!isOpen()) {
            return;
        }
        if (!streaming) {
            response.setStatusCode(200).putHeader("content-type", "application/json").end(Json.write(result));
            return;
        }
        head();
        response.end(Buffer.buffer(SseEvent.json("done", result).encode()));
    }

    @Override
    public void fail(PavedException error) {
        if (!isOpen()) {
            return;
        }
        if (!headWritten) {
            ErrorResponses.send(response, WireFormat.OPENAI, error);
            return;
        }
        response.end(Buffer.buffer(SseEvent.json("error", ErrorBodies.openAi(error)).encode()));
    }

    private void head() {
        if (!headWritten) {
            headWritten = true;
            response.setStatusCode(200).putHeader("content-type", "text/event-stream; charset=utf-8").putHeader("cache-control", "no-cache")
                    .putHeader("x-accel-buffering", "no").setChunked(true);
        }
    }

    @Override
    public boolean isOpen() {
        return !response.ended() && !response.closed();
    }

    @Override
    public void onClientGone(Runnable action) {
        ClientConnection.onGone(response, action);
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable action) {
        ClientConnection.onDrain(response, action);
    }
}
