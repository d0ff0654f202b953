package dev.paved.fake;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Plays an {@link SseScript}: events before the first content token go out with the response
 * head, the first content token after the TTFT, each next one after the token delay, and the
 * trailing events right after the last token. Events due at the same moment are written together.
 * Applies the stream faults: {@code malformed}, {@code hang-mid-stream} and {@code reset-mid-stream}.
 */
final class StreamPump {

  private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

  private final Exchange exchange;
  private final HttpServerResponse response;
  private final SseScript script;
  private final long ttftMs;
  private final long tokenDelayMs;
  private final FaultMode mode;
  private final int stopAt;

  StreamPump(Exchange exchange, SseScript script, Overrides overrides, FaultSpec fault) {
    this.exchange = exchange;
    this.response = exchange.response();
    this.script = script;
    this.ttftMs = overrides.ttftMs();
    this.tokenDelayMs = overrides.tokenDelayMs();
    this.mode = fault == null ? null : fault.mode();
    boolean midStream = mode == FaultMode.HANG_MID_STREAM || mode == FaultMode.RESET_MID_STREAM;
    this.stopAt = !midStream ? -1
        : fault.after() < 0 ? script.defaultStallPoint() : Math.min(fault.after(), script.size() - 1);
  }

  void start() {
    exchange.head(200);
    response.setChunked(true);
    response.putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM);
    response.putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    exchange.streamStarted();
    if (mode == FaultMode.MALFORMED) {
      Buffer out = Buffer.buffer(512);
      SseFrames.append(script, 0, out);
      SseFrames.appendBroken(script, 1, out);
      response.end(out);
      exchange.streamFinished();
      return;
    }
    pump(0, false);
  }

  private void pump(int from, boolean waited) {
    Buffer batch = Buffer.buffer(1024);
    for (int i = from; ; i++) {
      if (i == stopAt) {
        stall(batch);
        return;
      }
      if (i == script.size()) {
        response.end(batch);
        exchange.streamFinished();
        return;
      }
      if (i != from || !waited) {
        long delay = delayBefore(i);
        if (delay > 0) {
          if (batch.length() > 0) {
            response.write(batch);
          }
          int next = i;
          exchange.after(delay, () -> pump(next, true));
          return;
        }
      }
      SseFrames.append(script, i, batch);
    }
  }

  private long delayBefore(int i) {
    if (i == script.firstContent()) {
      return ttftMs;
    }
    return i > script.firstContent() && i < script.contentEnd() ? tokenDelayMs : 0;
  }

  /** Mid-stream faults: flush what was due, then never write again (hang) or break the connection (reset). */
  private void stall(Buffer batch) {
    Future<Void> written = batch.length() > 0 ? response.write(batch) : response.writeHead();
    if (mode == FaultMode.RESET_MID_STREAM) {
      exchange.closeAfter(written);
    }
  }
}
