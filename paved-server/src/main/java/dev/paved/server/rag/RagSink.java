package dev.paved.server.rag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;

/** Where a RAG answer goes: an HTTP response as JSON or as server-sent events. Called on the event loop. */
public interface RagSink {
    /** One piece of the answer as it passes the output checks (ignored by JSON responses). */
    void token(String text);

    /** The final result: answer, citations, cache_hit, degraded, notice, trace_id, usage. Ends the response. */
    void done(ObjectNode result);

    /** An error in the API's format: a JSON error response, or an error event that ends the stream. */
    void fail(PavedException error);

    boolean isOpen();

    /** Runs once if the client disconnects before the response ended. */
    void onClientGone(Runnable action);

    boolean writeQueueFull();

    void onDrain(Runnable action);
}
