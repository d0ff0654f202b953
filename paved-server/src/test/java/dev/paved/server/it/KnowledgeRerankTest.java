package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Re-ranking with an in-process ONNX cross-encoder configured in {@code knowledge:}. The model is a tiny test
 * stand-in (see paved-embedding's make_counting_cross_encoder.py): it scores a document by how often it says "apple".
 */
class KnowledgeRerankTest {

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("paved-rerank");
        Path tokenizer = dir.resolve("tokenizer.json");
        try (InputStream in = KnowledgeRerankTest.class.getResourceAsStream("/bge-small-en-v1.5-tokenizer.json")) {
            Files.copy(in, tokenizer);
        }
        Path model = Path.of(KnowledgeRerankTest.class.getResource("/cross-encoder/counting-cross-encoder.onnx").toURI());
        gw = new GatewayFixture(Tracing.exportingTo(SPANS), 8L << 20, "knowledge:\n  rerank_onnx_model: " + model + "\n  rerank_onnx_tokenizer: "
                + tokenizer + "\n  rerank_candidates: 10\n");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void rerankEndpointSpeaksTheCohereFormat() {
        HttpResponse<String> r = gw.post("/v1/rerank", gw.key, "application/json",
                "{\"query\": \"fruit\", \"documents\": [\"pear\", \"apple apple\", {\"text\": \"one apple\"}], \"top_n\": 2, \"return_documents\": true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode results = Json.parseOrNull(r.body().getBytes(StandardCharsets.UTF_8)).path("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).path("index").asInt()).isEqualTo(1);
        assertThat(results.get(0).path("relevance_score").asDouble()).isEqualTo(2.0);
        assertThat(results.get(0).path("document").path("text").asText()).isEqualTo("apple apple");
        assertThat(results.get(1).path("index").asInt()).isEqualTo(2);
        assertThat(gw.post("/v1/rerank", gw.key, "application/json", "{\"query\": \"q\", \"documents\": []}").statusCode()).isEqualTo(400);
    }

    @Test
    void searchWithRerankOrdersByTheCrossEncoder() {
        HttpResponse<String> r = gw.post("/v1/kb/fruit/documents", gw.key, "application/json", """
                {"documents": [{"document_id": "d1", "text": "Orchards grow fruit like pears."},
                               {"document_id": "d2", "text": "An apple orchard: apple trees and more apple trees."},
                               {"document_id": "d3", "text": "Fruit orchards need water."}]}""");
        String job = Json.parseOrNull(r.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
        assertThat(GatewayFixture.await(() -> gw.get("/v1/kb/fruit/jobs/" + job, gw.key).body().contains("\"succeeded\""))).isTrue();
        HttpResponse<String> s = gw.post("/v1/kb/fruit/search", gw.key, "application/json",
                "{\"query\": \"fruit orchards\", \"rerank\": true, \"debug\": true}");
        JsonNode body = Json.parseOrNull(s.body().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("reranked_by").asText()).isEqualTo("counting-cross-encoder");
        assertThat(body.path("data").get(0).path("document_id").asText()).isEqualTo("d2");
        assertThat(body.path("data").get(0).path("score").asDouble()).isEqualTo(3.0);
        assertThat(body.path("timings_ms").has("rerank")).isTrue();

        // The same stage timings are on the request's server span.
        String traceId = s.headers().firstValue("traceparent").orElseThrow().split("-")[1];
        assertThat(GatewayFixture.await(() -> SPANS.getFinishedSpanItems().stream().anyMatch(sp -> sp.getTraceId().equals(traceId)))).isTrue();
        SpanData span = SPANS.getFinishedSpanItems().stream().filter(sp -> sp.getTraceId().equals(traceId)).findFirst().orElseThrow();
        for (String stage : new String[] {"embed_query", "bm25", "dense", "fusion", "rerank", "load", "total"}) {
            assertThat(span.getAttributes().get(AttributeKey.doubleKey("paved.kb.search." + stage + "_ms"))).as(stage).isNotNull();
        }
    }
}
