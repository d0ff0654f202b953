package dev.paved.gateway.chat;

import dev.paved.core.PavedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * The caller's side of one gateway call, as the pipeline sees it: an HTTP response in the server,
 * or an in-process consumer (the RAG service). Renders errors in the caller's own wire format.
 */
public interface ClientChannel {
    /** Sends a complete JSON response. */
    void sendJson(int status, Buffer body, MultiMap extraHeaders);

    /** Starts a {@code text/event-stream} response with status 200. */
    void beginStream(MultiMap extraHeaders);

    /** Writes already-encoded SSE bytes. */
    void write(Buffer sseBytes);

    /** Ends a stream. */
    void end();

    /**
     * Sends an error in the caller's format: a JSON error response if nothing was sent yet,
     * otherwise an error event that closes the stream.
     */
    void fail(PavedException error);

    boolean streamStarted();

    /** True while the caller is still connected. */
    boolean isOpen();

    /** Runs once if the caller disconnects before the response ended. */
    void onClientGone(Runnable action);

    /** True when the caller reads slower than the upstream writes. */
    boolean writeQueueFull();

    /** Runs once when the write queue drained below its limit. */
    void onDrain(Runnable action);
}
