package dev.paved.gateway.chat;

import dev.paved.core.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * Turns the provider's SSE bytes into the caller's SSE bytes, chunk by chunk, while noting usage
 * and the first token. Same-protocol relays forward bytes untouched; cross-protocol relays
 * translate event by event.
 */
interface StreamRelay {
    /** Bytes to send to the caller for this upstream chunk, or null when there are none yet. */
    Buffer onChunk(Buffer upstream);

    /** Bytes that close the caller's stream properly, or null. */
    Buffer onEnd();

    /** Usage the provider reported, or null when it reported none. */
    Usage usage();

    /** True once an output token (text or tool-call fragment) went by. */
    boolean sawToken();

    /** Number of content events seen: the output-token estimate when the provider reports no usage. */
    int contentEvents();

    /** True when the provider's stream ended with its terminal event ({@code [DONE]} / {@code message_stop}). */
    boolean complete();
}
