package dev.paved.gateway.wire;

import dev.paved.core.Usage;
import java.util.List;

/**
 * Translates one SSE stream from one wire format into the other, event by event. Stateful and not
 * thread-safe: one instance per stream, fed from one thread (or under the caller's ordering).
 */
public interface StreamTranslator {
    /** The events to send the client for one upstream event, possibly none. */
    List<SseEvent> onEvent(SseEvent upstream);

    /**
     * The events that close the client stream once upstream has ended: the normal ending when the
     * upstream stream completed but its terminator is still owed, an error event when upstream broke
     * off mid-response, nothing when the stream was already closed.
     */
    List<SseEvent> onEnd();

    /** Tokens reported by upstream so far, null while it reported none; final once the stream has ended. */
    Usage usage();

    /** The finish reason in the client's vocabulary, or null while not yet known. */
    String finishReason();

    /** True once any output (text or a tool call) has been seen. */
    boolean sawFirstToken();

    /** True once the client stream was closed normally (not by an error event). */
    boolean complete();
}
