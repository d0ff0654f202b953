package dev.paved.fake;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.Arrays;

/** Sends a {@link Reply} with the request's first-byte delay and the body-level faults. */
final class ReplyPlayer {

  static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private ReplyPlayer() {
  }

  static void play(Exchange exchange, Reply reply, Overrides overrides, FaultSpec fault) {
    long firstByte = overrides.latencyMs()
        + (fault != null && fault.mode() == FaultMode.SLOW_FIRST_BYTE ? fault.delayMs() : 0);
    exchange.after(firstByte, () -> {
      switch (reply) {
        case JsonReply json -> sendJson(exchange, json, fault);
        case StreamReply stream -> new StreamPump(exchange, stream.script(), overrides, fault).start();
      }
    });
  }

  /**
   * Sends a JSON body. {@code malformed}: status 200 and the first half of the body; mid-stream
   * faults: the full Content-Length but only half the body, then stall or close.
   */
  static void sendJson(Exchange exchange, JsonReply reply, FaultSpec fault) {
    FaultMode mode = fault == null ? null : fault.mode();
    HttpServerResponse response = exchange.response();
    byte[] body = reply.body();
    int status = reply.status();
    if (mode == FaultMode.MALFORMED) {
      status = 200;
      body = Arrays.copyOf(body, Math.max(1, body.length / 2));
    }
    exchange.head(status);
    reply.headers().forEach(response::putHeader);
    response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON);
    if (mode == FaultMode.HANG_MID_STREAM || mode == FaultMode.RESET_MID_STREAM) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
      Future<Void> written = response.write(Buffer.buffer(Arrays.copyOf(body, body.length / 2)));
      if (mode == FaultMode.RESET_MID_STREAM) {
        exchange.closeAfter(written);
      }
      return;
    }
    response.end(Buffer.buffer(body));
  }
}
