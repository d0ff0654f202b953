package dev.paved.server.http;

import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.chat.ClientChannel;
import dev.paved.gateway.wire.ErrorBodies;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.SseEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** {@link ClientChannel} over a Vert.x HTTP response, rendering errors in the caller's wire format. */
final class HttpChannel implements ClientChannel {
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final HttpServerResponse response;
    private final WireFormat format;
    private boolean streaming;

    HttpChannel(HttpServerResponse response, WireFormat format) {
        this.response = response;
        this.format = format;
    }

    @Override
    public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status);
        if (extraHeaders != null) {
            response.headers().addAll(extraHeaders);
        }
        response.putHeader("content-type", "application/json");
        response.end(body);
    }

    @Override
    public void beginStream(MultiMap extraHeaders) {
        streaming = true;
        response.setStatusCode(200);
        if (extraHeaders != null) {
            response.headers().addAll(extraHeaders);
        }
        response.putHeader("content-type", "text/event-stream; charset=utf-8");
        response.putHeader("cache-control", "no-cache");
        response.putHeader("x-accel-buffering", "no");
        response.setChunked(true);
    }

    @Override
    public void write(Buffer sseBytes) {
        if (!response.ended() && !response.closed()) {
            response.write(sseBytes);
        }
    }

    @Override
    public void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    @Override
    public void fail(PavedException error) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (!streaming) {
            ErrorResponses.send(response, format, error);
            return;
        }
        if (format == WireFormat.ANTHROPIC) {
            response.write(Buffer.buffer(new SseEvent("error", Json.write(ErrorBodies.anthropic(error))).encode()));
        } else {
            response.write(Buffer.buffer(new SseEvent(null, Json.write(ErrorBodies.openAi(error))).encode()));
            response.write(DONE);
        }
        response.end();
    }

    @Override
    public boolean streamStarted() {
        return streaming;
    }

    @Override
    public boolean isOpen() {
        return !response.closed();
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
