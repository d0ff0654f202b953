package dev.paved.fake;

import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * One request/response on its event loop: schedules delays with Vert.x timers, cancels them when
 * the client goes away, keeps the active-stream gauge and knows how to break the connection.
 */
final class Exchange {

  private static final Handler<Throwable> IGNORE_WRITE_ERRORS = error -> { };
  private static final CharSequence OPENAI_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  private static final CharSequence ANTHROPIC_REQUEST_ID = HttpHeaders.createOptimized("request-id");
  private static final long HTTP2_INTERNAL_ERROR = 2;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final StatsCounters stats;
  private final ErrorStyle style;
  private long timer = -1;
  private boolean closed;
  private boolean streaming;

  Exchange(Vertx vertx, HttpServerRequest request, StatsCounters stats, ErrorStyle style) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.stats = stats;
    this.style = style;
    response.closeHandler(ignored -> onClose());
    response.exceptionHandler(IGNORE_WRITE_ERRORS);
  }

  HttpServerResponse response() {
    return response;
  }

  ErrorStyle style() {
    return style;
  }

  /** Runs {@code action} after {@code delayMs} on this event loop, unless the client has gone. */
  void after(long delayMs, Runnable action) {
    if (closed) {
      return;
    }
    if (delayMs <= 0) {
      action.run();
      return;
    }
    timer = vertx.setTimer(delayMs, id -> {
      timer = -1;
      if (!closed) {
        action.run();
      }
    });
  }

  /** Status line and the provider's request-id header. */
  void head(int status) {
    response.setStatusCode(status);
    if (status == 529) {
      response.setStatusMessage("Overloaded");
    }
    response.putHeader(style == ErrorStyle.ANTHROPIC ? ANTHROPIC_REQUEST_ID : OPENAI_REQUEST_ID, Ids.request());
  }

  void streamStarted() {
    streaming = true;
    stats.streamOpened();
  }

  void streamFinished() {
    if (streaming) {
      streaming = false;
      stats.streamClosed();
    }
  }

  /** Breaks off without a response: RST on HTTP/1.x (SO_LINGER 0), stream reset on HTTP/2. */
  void abort() {
    if (request.version() == HttpVersion.HTTP_2) {
      response.reset(HTTP2_INTERNAL_ERROR);
      return;
    }
    HttpConnection connection = request.connection();
    if (connection instanceof ConnectionBase base) {
      base.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    }
    connection.close();
  }

  /** Closes the connection (HTTP/2: resets the stream) once {@code written} has reached the socket. */
  void closeAfter(Future<Void> written) {
    written.onComplete(ignored -> {
      if (request.version() == HttpVersion.HTTP_2) {
        response.reset(HTTP2_INTERNAL_ERROR);
      } else {
        request.connection().close();
      }
    });
  }

  private void onClose() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    streamFinished();
  }
}
