package dev.paved.fake;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake model provider speaking the OpenAI ({@code /v1/chat/completions}, {@code /v1/embeddings},
 * {@code /v1/models}) and Anthropic ({@code /v1/messages}) wire protocols over HTTP/1.1 and h2c,
 * with configurable latency and fault injection. Start it with {@link #start(FakeOptions)}; close
 * it when done.
 */
public final class FakeProvider implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FakeProvider.class);
  private static final long AWAIT_SECONDS = 30;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final ProviderState state;
  private final String deployment;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FakeProvider(Vertx vertx, boolean ownsVertx, ProviderState state, String deployment, int port) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.state = state;
    this.deployment = deployment;
    this.port = port;
  }

  /** Starts on a Vert.x instance of its own (one event loop per {@link FakeOptions#eventLoops()}). */
  public static FakeProvider start(FakeOptions options) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(options.eventLoops())
        .setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    return start(vertx, options, true);
  }

  /** Starts on the given Vert.x instance, which stays open on {@link #close()}. Blocks until listening. */
  public static FakeProvider start(Vertx vertx, FakeOptions options) {
    return start(vertx, options, false);
  }

  private static FakeProvider start(Vertx vertx, FakeOptions options, boolean ownsVertx) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("FakeProvider.start blocks; call it outside a Vert.x event loop");
    }
    ProviderState state = ProviderState.create(options);
    // Several instances share one port; a negative port asks Vert.x for one shared random port.
    int listenPort = options.port() == 0 && options.eventLoops() > 1 ? -1 : options.port();
    List<FakeVerticle> instances = new CopyOnWriteArrayList<>();
    String deployment;
    try {
      deployment = await(vertx.deployVerticle(() -> {
        FakeVerticle instance = new FakeVerticle(state, listenPort);
        instances.add(instance);
        return instance;
      }, new DeploymentOptions().setInstances(options.eventLoops())), "start");
    } catch (RuntimeException e) {
      if (ownsVertx) {
        vertx.close();
      }
      throw e;
    }
    FakeProvider provider = new FakeProvider(vertx, ownsVertx, state, deployment, instances.get(0).actualPort());
    LOG.info("paved-fake listening on {}", provider.baseUrl());
    return provider;
  }

  private static <T> T await(Future<T> future, String action) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("paved-fake could not " + action + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("paved-fake did not " + action + " within " + AWAIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for paved-fake to " + action, e);
    }
  }

  /** The port it listens on (the real one when {@link FakeOptions#port()} was 0). */
  public int port() {
    return port;
  }

  /** {@code http://HOST:PORT}; a wildcard host is given as 127.0.0.1. */
  public String baseUrl() {
    String host = state.options().host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }

  /** Base URL for OpenAI clients: {@code http://HOST:PORT/v1}. */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** Base URL for Anthropic clients (they append {@code /v1/messages}): {@code http://HOST:PORT}. */
  public String anthropicBaseUrl() {
    return baseUrl();
  }

  public FakeOptions options() {
    return state.options();
  }

  /** Programmed faults for the requests that carry no {@code x-fake-fault} header. */
  public FaultController faults() {
    return state.faults();
  }

  /** Scripted answers: requests containing a marker get a given text, streamed in given pieces. */
  public ScriptedReplies replies() {
    return state.replies();
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return state.stats().snapshot();
  }

  /** Zeroes the request and fault counters and forgets the recorded requests. */
  public void resetStats() {
    state.stats().reset();
    state.recorder().clear();
  }

  /** The most recent requests, oldest first (up to {@link FakeOptions#recordedRequests()}). */
  public List<RecordedRequest> recentRequests() {
    return state.recorder().recent();
  }

  /** Forgets every prompt prefix, so the next cached request writes the cache again. */
  public void clearPromptCache() {
    state.promptCache().clear();
  }

  /**
   * Stops listening and drops open connections; closes the Vert.x instance if this provider created
   * it. Waits for that unless called on an event loop. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Future<Void> stopped = ownsVertx ? vertx.close() : vertx.undeploy(deployment);
    if (!Context.isOnEventLoopThread()) {
      await(stopped, "stop");
    }
  }
}
