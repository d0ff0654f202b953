package dev.paved.fake;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server instance on one event loop; several share the port and split the connections. */
final class FakeVerticle extends AbstractVerticle {

  private static final int MAX_CONCURRENT_HTTP2_STREAMS = 10_000;

  private final ProviderState state;
  private final int port;
  private volatile int actualPort;

  FakeVerticle(ProviderState state, int port) {
    this.state = state;
    this.port = port;
  }

  int actualPort() {
    return actualPort;
  }

  @Override
  public void start(Promise<Void> started) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(state.options().host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setReuseAddress(true)
        .setHandle100ContinueAutomatically(true)
        .setHttp2ClearTextEnabled(true)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_CONCURRENT_HTTP2_STREAMS));
    HttpServer server = vertx.createHttpServer(options);
    StatsCounters stats = state.stats();
    server.connectionHandler(connection -> {
      stats.connectionOpened();
      connection.closeHandler(ignored -> stats.connectionClosed());
    });
    server.requestHandler(new RequestHandler(vertx, state));
    server.listen().onSuccess(listening -> {
      actualPort = listening.actualPort();
      started.complete();
    }).onFailure(started::fail);
  }
}
