package dev.paved.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamHttpTest {
    private Vertx vertx;
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            seen.add(req.method() + " " + req.uri() + " host=" + req.getHeader("host") + " key=" + req.getHeader("api-key")
                    + " body=" + body);
            req.response().putHeader("content-type", "application/json").end("{\"ok\":true}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsToTheUrisPathAndQueryWithItsHostAndHeaders() throws Exception {
        int port = server.actualPort();
        URI base = URI.create("http://127.0.0.1:" + port + "/openai/deployments/gpt%2D4o");
        URI uri = ProviderEndpoints.join(base, "/chat/completions", "api-version=2024-10-21");
        try (UpstreamHttp http = new UpstreamHttp(vertx, 4, 2_000)) {
            for (int i = 0; i < 2; i++) {
                MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("api-key", "k" + i);
                UpstreamRequest request = new UpstreamRequest(uri, headers, Buffer.buffer("{\"n\":" + i + "}"), Duration.ofSeconds(5));
                // Sent and read on one event loop, as the gateway does: the body handler is set before any of it arrives.
                CompletableFuture<Buffer> read = new CompletableFuture<>();
                vertx.getOrCreateContext().runOnContext(v -> http.post(request).response().compose(HttpClientResponse::body)
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                read.complete(ar.result());
                            } else {
                                read.completeExceptionally(ar.cause());
                            }
                        }));
                Buffer answer = read.get(10, TimeUnit.SECONDS);
                assertThat(answer).hasToString("{\"ok\":true}");
            }
        }
        assertThat(ProviderEndpoints.join(base, "/chat/completions", "api-version=2024-10-21")).as("reused").isSameAs(uri);
        assertThat(seen).containsExactly(
                "POST /openai/deployments/gpt%2D4o/chat/completions?api-version=2024-10-21 host=127.0.0.1:" + port + " key=k0 body={\"n\":0}",
                "POST /openai/deployments/gpt%2D4o/chat/completions?api-version=2024-10-21 host=127.0.0.1:" + port + " key=k1 body={\"n\":1}");
    }

    @Test
    void targetsTakeHostPortTlsAndPathFromTheUriAndHostsWithUnderscoresStillWork() {
        var azure = UpstreamHttp.target(URI.create("https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=1"));
        assertThat(List.of(azure.getHost(), azure.getPort(), azure.isSsl(), azure.getURI()))
                .containsExactly("res.openai.azure.com", 443, true, "/openai/deployments/d/chat/completions?api-version=1");
        var plain = UpstreamHttp.target(URI.create("http://10.0.0.7/v1/embeddings"));
        assertThat(List.of(plain.getHost(), plain.getPort(), plain.isSsl(), plain.getURI())).containsExactly("10.0.0.7", 80, false, "/v1/embeddings");
        var underscore = UpstreamHttp.target(URI.create("http://fake_upstream:8080/v1/chat/completions?a=b%20c"));
        assertThat(List.of(underscore.getHost(), underscore.getPort(), underscore.isSsl(), underscore.getURI()))
                .containsExactly("fake_upstream", 8080, false, "/v1/chat/completions?a=b%20c");
    }

    @Test
    void aBaseUrlWithoutAPathPostsToTheRoot() throws Exception {
        int port = server.actualPort();
        try (UpstreamHttp http = new UpstreamHttp(vertx, 4, 2_000)) {
            HttpClientResponse resp = http.post(new UpstreamRequest(URI.create("http://127.0.0.1:" + port),
                    MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), Duration.ofSeconds(5)))
                    .response().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(resp.statusCode()).isEqualTo(200);
        }
        assertThat(seen).singleElement().asString().startsWith("POST / host=127.0.0.1:" + port);
    }
}
