package dev.paved.knowledge.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RemoteRerankerTest {

    @Test
    void speaksTheCohereFormat() throws Exception {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/rerank", ex -> {
            seen.set(new ObjectMapper().readTree(ex.getRequestBody()));
            auth.set(ex.getRequestHeaders().getFirst("authorization"));
            byte[] body = "{\"results\":[{\"index\":1,\"relevance_score\":0.9},{\"index\":0,\"relevance_score\":0.1}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            RemoteReranker r = new RemoteReranker(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/rerank"),
                    "rerank-v1", "sk-x", Duration.ofSeconds(5));
            assertThat(r.score("q", List.of("a", "b"))).containsExactly(0.1, 0.9);
            assertThat(seen.get().path("model").asText()).isEqualTo("rerank-v1");
            assertThat(seen.get().path("query").asText()).isEqualTo("q");
            assertThat(seen.get().path("documents")).hasSize(2);
            assertThat(seen.get().path("top_n").asInt()).isEqualTo(2);
            assertThat(auth.get()).isEqualTo("Bearer sk-x");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unusableAnswersAreErrors() {
        assertThatThrownBy(() -> RemoteReranker.parse("{}", 1)).isInstanceOf(RerankException.class);
        assertThatThrownBy(() -> RemoteReranker.parse("{\"results\":[{\"index\":5,\"relevance_score\":1}]}", 1))
                .isInstanceOf(RerankException.class);
        assertThat(RemoteReranker.parse("{\"results\":[{\"index\":1,\"relevance_score\":1}]}", 2))
                .containsExactly(Double.NEGATIVE_INFINITY, 1.0);
    }

    @Test
    void anUnreachableServiceIsAnError() {
        RemoteReranker r = new RemoteReranker(URI.create("http://127.0.0.1:1/v1/rerank"), null, null, Duration.ofSeconds(2));
        assertThatThrownBy(() -> r.score("q", List.of("a"))).isInstanceOf(RerankException.class).hasMessageContaining("could not be reached");
    }
}
