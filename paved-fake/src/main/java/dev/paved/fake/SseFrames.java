package dev.paved.fake;

import io.vertx.core.buffer.Buffer;

/** Frames script events as SSE ({@code event:} line, {@code data:} line, blank line). */
final class SseFrames {

  private static final byte[] DATA = Json.ascii("data: ");
  private static final byte[] END = Json.ascii("\n\n");

  private SseFrames() {
  }

  static void append(SseScript script, int i, Buffer out) {
    byte[] event = script.eventLine(i);
    if (event != null) {
      out.appendBytes(event);
    }
    out.appendBytes(DATA);
    script.appendData(i, out);
    out.appendBytes(END);
  }

  /** Event {@code i} with its data line cut in half, so it is not valid JSON. */
  static void appendBroken(SseScript script, int i, Buffer out) {
    Buffer data = Buffer.buffer(256);
    script.appendData(i, data);
    byte[] event = script.eventLine(i);
    if (event != null) {
      out.appendBytes(event);
    }
    out.appendBytes(DATA);
    out.appendBuffer(data, 0, Math.max(1, data.length() / 2));
    out.appendBytes(END);
  }
}
