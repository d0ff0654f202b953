package dev.paved.gateway.wire;

import dev.paved.core.Usage;

/**
 * Watches a stream the gateway forwards unchanged, to learn its usage, finish reason and first
 * output without parsing every event. Not thread-safe: one instance per stream.
 */
public interface StreamUsageScanner {
    /** Looks at one event as parsed from the upstream bytes. */
    void accept(SseEvent event);

    /** Tokens reported so far, null while none were; final once the stream has ended. */
    Usage usage();

    /** The stream's own finish reason ({@code finish_reason} or {@code stop_reason}), or null while unknown. */
    String finishReason();

    /** True once any output (text, reasoning or a tool call) has been seen. */
    boolean sawFirstToken();

    /** True once upstream reported why it stopped, that is the answer is whole. */
    boolean complete();
}
