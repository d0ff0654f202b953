package dev.paved.fake;

import io.vertx.core.buffer.Buffer;

/**
 * The events of one SSE response, produced on demand. Events {@code [firstContent, contentEnd)}
 * carry output tokens and are the ones spaced by TTFT and token delay.
 */
interface SseScript {

  int size();

  int firstContent();

  int contentEnd();

  /** {@code event: NAME\n} for event {@code i}, or null for a data-only event. */
  byte[] eventLine(int i);

  /** Appends the data payload of event {@code i} (one line of JSON, or {@code [DONE]}). */
  void appendData(int i, Buffer out);

  /** Where mid-stream faults stop by default: just after the first content event. */
  default int defaultStallPoint() {
    return Math.min(size() - 1, firstContent() + 1);
  }
}
