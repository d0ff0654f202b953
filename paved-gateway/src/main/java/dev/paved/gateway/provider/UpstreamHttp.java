package dev.paved.gateway.provider;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pooled HTTP client for provider calls. Plain-HTTP upstreams (local vLLM, Ollama, the fake
 * provider) get HTTP/1.1 keep-alive; TLS upstreams negotiate HTTP/2 by ALPN and fall back to
 * HTTP/1.1. Responses are handed over before their body is read so streams can be forwarded chunk
 * by chunk.
 *
 * <p>Each event loop gets its own pair of clients, so the connections a request uses live on the loop that serves
 * the caller: writing the request and handling the response then never hand work to another thread. With one shared
 * pool, a request on one loop often got a connection owned by the other, and the two cross-thread wake-ups per call
 * were the largest single cost in a profile of the gateway (docs/benchmarks.md). Callers off an event loop (worker
 * threads) share one more pair.
 */
public final class UpstreamHttp implements AutoCloseable {
    private record Clients(HttpClient plain, HttpClient tls) {
    }

    private final Vertx vertx;
    private final HttpClientOptions h1;
    private final HttpClientOptions h2;
    private final PoolOptions pool;
    private final Clients shared;
    private final Map<Thread, Clients> byLoop = new ConcurrentHashMap<>();

    public UpstreamHttp(Vertx vertx, int maxConnectionsPerHost, int connectTimeoutMillis) {
        this.vertx = vertx;
        this.h1 = new HttpClientOptions()
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setConnectTimeout(connectTimeoutMillis)
                .setDecompressionSupported(true)
                .setKeepAliveTimeout(60);
        this.h2 = new HttpClientOptions(h1)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setUseAlpn(true)
                .setSsl(true)
                .setHttp2KeepAliveTimeout(60);
        this.pool = new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost).setHttp2MaxSize(Math.max(1, maxConnectionsPerHost / 16));
        this.shared = newClients();
    }

    private Clients newClients() {
        return new Clients(vertx.createHttpClient(h1, pool), vertx.createHttpClient(h2, pool));
    }

    /** The calling event loop's clients, or the shared pair off an event loop. */
    private Clients clients() {
        Context ctx = Vertx.currentContext();
        if (ctx == null || !ctx.isEventLoopContext()) {
            return shared;
        }
        return byLoop.computeIfAbsent(Thread.currentThread(), t -> newClients());
    }

    /** An in-flight call: the response once its headers arrived, and a way to abort it. */
    public static final class Call {
        private final Promise<HttpClientResponse> response = Promise.promise();
        private volatile HttpClientRequest request;
        private volatile boolean cancelled;

        public Future<HttpClientResponse> response() {
            return response.future();
        }

        /** Aborts the upstream exchange (client went away, or a deadline passed). */
        public void cancel() {
            cancelled = true;
            HttpClientRequest r = request;
            if (r != null) {
                r.reset();
            }
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    /**
     * Request options aimed at {@code uri}: host, port, TLS and path with query taken from the parsed URI, since
     * {@code setAbsoluteURI(String)} would parse the URL again on every call. A host that {@link URI} does not
     * parse as one (a name with {@code _}, as container service names often have) goes through Vert.x's parser.
     */
    static RequestOptions target(URI uri) {
        if (uri.getHost() == null) {
            return new RequestOptions().setAbsoluteURI(uri.toString());
        }
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new RequestOptions()
                .setSsl(secure)
                .setHost(uri.getHost())
                .setPort(uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80)
                .setURI(uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery());
    }

    public Call post(UpstreamRequest r) {
        return post(r, null, r.timeout());
    }

    /**
     * @param connectTimeout limit for opening a new connection, or null for the client's default
     * @param idleTimeout    longest silence on the connection once the request is sent
     */
    public Call post(UpstreamRequest r, Duration connectTimeout, Duration idleTimeout) {
        Call call = new Call();
        RequestOptions options = target(r.uri())
                .setMethod(HttpMethod.POST)
                .setHeaders(r.headers())
                .setIdleTimeout(idleTimeout.toMillis());
        if (connectTimeout != null) {
            options.setConnectTimeout(connectTimeout.toMillis());
        }
        Clients c = clients();
        (options.isSsl() ? c.tls() : c.plain()).request(options).onComplete(ar -> {
            if (ar.failed()) {
                call.response.tryFail(ar.cause());
                return;
            }
            HttpClientRequest req = ar.result();
            call.request = req;
            if (call.cancelled) {
                req.reset();
                call.response.tryFail("cancelled");
                return;
            }
            req.send(r.body()).onComplete(call.response::tryComplete, call.response::tryFail);
        });
        return call;
    }

    @Override
    public void close() {
        for (Clients c : byLoop.values()) {
            c.plain().close();
            c.tls().close();
        }
        shared.plain().close();
        shared.tls().close();
    }
}
