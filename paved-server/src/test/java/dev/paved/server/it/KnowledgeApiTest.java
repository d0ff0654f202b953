package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The knowledge API end to end: the real server, PostgreSQL, the in-process bge-small model and Lucene. */
class KnowledgeApiTest {

    private static GatewayFixture gw;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8L << 20);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.parseOrNull(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String key, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode ingestAndWait(String key, String kb, String contentType, byte[] body) {
        HttpResponse<String> r = send("POST", "/v1/kb/" + kb + "/documents", key, contentType, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String job = json(r).path("id").asText();
        JsonNode[] last = new JsonNode[1];
        assertThat(GatewayFixture.await(() -> {
            last[0] = json(gw.get("/v1/kb/" + kb + "/jobs/" + job, key));
            String s = last[0].path("status").asText();
            return s.equals("succeeded") || s.equals("failed");
        })).isTrue();
        return last[0];
    }

    private static JsonNode ingestJson(String key, String kb, String json) {
        return ingestAndWait(key, kb, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> search(String key, String kb, String body) {
        HttpResponse<String> r = gw.post("/v1/kb/" + kb + "/search", key, "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(r).path("data").forEach(h -> ids.add(h.path("document_id").asText()));
        return ids;
    }

    @Test
    void ingestsTextAndSearchesInEveryModeWithStageTimings() {
        JsonNode job = ingestJson(gw.key, "policies", """
                {"documents": [
                  {"document_id": "refunds", "title": "Refunds", "text": "Customers can get a full refund within 30 days of purchase.", "metadata": {"team": "billing"}},
                  {"document_id": "security", "text": "Rotate API keys every ninety days and store them in a vault."},
                  {"document_id": "travel", "text": "Book flights through the travel portal; economy class for trips under six hours."}
                ]}""");
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        assertThat(job.path("progress").path("done").asInt()).isEqualTo(3);
        assertThat(job.path("result").path("chunks").asInt()).isEqualTo(3);

        for (String mode : List.of("bm25", "dense", "hybrid")) {
            assertThat(search(gw.key, "policies", "{\"query\": \"how long do I have to return a purchase for my money back\", \"mode\": \"" + mode + "\"}").get(0))
                    .as(mode).isEqualTo("refunds");
        }
        HttpResponse<String> r = gw.post("/v1/kb/policies/search", gw.key, "application/json",
                "{\"query\": \"api key rotation\", \"top_k\": 1, \"debug\": true, \"mmr\": true, \"filter\": {\"document_id\": [\"security\", \"travel\"]}}");
        JsonNode body = json(r);
        assertThat(body.path("data")).hasSize(1);
        assertThat(body.path("data").get(0).path("document_id").asText()).isEqualTo("security");
        assertThat(body.path("embedding_model").asText()).isEqualTo("bge-small-en-v1.5");
        assertThat(body.path("timings_ms").has("embed_query")).isTrue();
        assertThat(body.path("timings_ms").has("bm25")).isTrue();
        assertThat(body.path("timings_ms").has("dense")).isTrue();
        assertThat(body.path("timings_ms").has("fusion")).isTrue();
        assertThat(body.path("timings_ms").has("mmr")).isTrue();
        assertThat(body.path("timings_ms").path("total").asDouble()).isPositive();
        JsonNode kb = json(gw.get("/v1/kb/policies", gw.key));
        assertThat(kb.path("documents").asInt()).isEqualTo(3);
        assertThat(kb.path("version").asLong()).isEqualTo(body.path("kb_version").asLong());
    }

    @Test
    void uploadsAFileAsMultipart() {
        String boundary = "----paved" + System.nanoTime();
        String html = "<html><head><title>Kitchen rules</title></head><body><h1>Kitchen</h1><p>Clean the espresso machine every Friday.</p></body></html>";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"acl_groups\"\r\n\r\nstaff,ops\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"kitchen.html\"\r\n"
                + "Content-Type: text/html\r\n\r\n" + html + "\r\n--" + boundary + "--\r\n";
        JsonNode job = ingestAndWait(gw.key, "office", "multipart/form-data; boundary=" + boundary, multipart.getBytes(StandardCharsets.UTF_8));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(search(gw.key, "office", "{\"query\": \"espresso machine\"}")).isEmpty();
        HttpResponse<String> r = gw.post("/v1/kb/office/search", gw.key, "application/json",
                "{\"query\": \"espresso machine\", \"acl_groups\": [\"ops\"]}");
        JsonNode hit = json(r).path("data").get(0);
        assertThat(hit.path("document_id").asText()).isEqualTo("kitchen.html");
        assertThat(hit.path("title").asText()).isEqualTo("Kitchen rules");
        assertThat(hit.path("text").asText()).contains("Clean the espresso machine every Friday.");
    }

    @Test
    void anotherTenantsKeyOrAMissingGroupReturnsNoneOfTheChunks() {
        ingestJson(gw.key, "secret", """
                {"documents": [
                  {"document_id": "merger", "text": "The merger with Globex closes in March.", "acl_groups": ["board"]},
                  {"document_id": "canteen", "text": "The canteen opens at noon."}
                ]}""");
        GatewayFixture.TenantKey other = gw.newTenant("rival", "{\"name\":\"k\"}");
        HttpResponse<String> missing = gw.post("/v1/kb/secret/search", other.key(), "application/json", "{\"query\": \"merger Globex\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").path("code").asText()).isEqualTo("kb_not_found");
        ingestJson(other.key(), "secret", "{\"document_id\": \"own\", \"text\": \"Our own merger notes.\"}");
        assertThat(search(other.key(), "secret", "{\"query\": \"merger Globex\", \"acl_groups\": [\"board\"]}")).containsExactly("own");
        assertThat(search(gw.key, "secret", "{\"query\": \"merger Globex\"}")).doesNotContain("merger");
        assertThat(search(gw.key, "secret", "{\"query\": \"merger Globex\", \"acl_groups\": [\"staff\"]}")).doesNotContain("merger");
        assertThat(search(gw.key, "secret", "{\"query\": \"merger Globex\", \"acl_groups\": [\"board\"]}")).first().isEqualTo("merger");
        HttpResponse<String> job = gw.get("/v1/kb/secret/jobs/job_doesnotexist", other.key());
        assertThat(job.statusCode()).isEqualTo(404);
    }

    @Test
    void deletingADocumentOrTheKnowledgeBaseRemovesItAndBumpsTheVersion() {
        ingestJson(gw.key, "gdpr", """
                {"documents": [{"document_id": "alice", "text": "Alice Example lives at 1 Main Street."},
                               {"document_id": "path/bob.txt", "text": "Bob Example lives at 2 High Street."}]}""");
        long v1 = json(gw.get("/v1/kb/gdpr", gw.key)).path("version").asLong();
        HttpResponse<String> del = send("DELETE", "/v1/kb/gdpr/documents/alice", gw.key, null, null);
        assertThat(del.statusCode()).as(del.body()).isEqualTo(200);
        assertThat(json(del).path("kb_version").asLong()).isGreaterThan(v1);
        assertThat(search(gw.key, "gdpr", "{\"query\": \"Alice Example Main Street\"}")).doesNotContain("alice");
        assertThat(send("DELETE", "/v1/kb/gdpr/documents?document_id=path/bob.txt", gw.key, null, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/v1/kb/gdpr/documents/alice", gw.key, null, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/kb/gdpr", gw.key, null, null).statusCode()).isEqualTo(200);
        assertThat(gw.get("/v1/kb/gdpr", gw.key).statusCode()).isEqualTo(404);
        assertThat(gw.post("/v1/kb/gdpr/search", gw.key, "application/json", "{\"query\": \"Alice\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void switchesToAGatewayEmbeddingAliasAndRecordsItsCallsInTheLedger() {
        GatewayFixture.TenantKey t = gw.newTenant("gw", "{\"name\":\"k\"}");
        ingestJson(t.key(), "via-gateway", """
                {"documents": [{"document_id": "kiwi", "text": "Kiwis are rich in vitamin C."},
                               {"document_id": "oats", "text": "Oats are a whole grain."}]}""");
        HttpResponse<String> put = send("PUT", "/v1/kb/via-gateway", t.key(), "application/json",
                "{\"embedding_model\": \"gateway:embed\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String job = json(put).path("job").path("id").asText();
        assertThat(GatewayFixture.await(() -> json(gw.get("/v1/kb/via-gateway/jobs/" + job, t.key())).path("status").asText().equals("succeeded"))).isTrue();
        HttpResponse<String> r = gw.post("/v1/kb/via-gateway/search", t.key(), "application/json", "{\"query\": \"kiwis vitamin\"}");
        JsonNode body = json(r);
        assertThat(body.path("embedding_model").asText()).isEqualTo("gateway:embed");
        assertThat(body.path("data").get(0).path("document_id").asText()).isEqualTo("kiwi");
        JsonNode kb = json(gw.get("/v1/kb/via-gateway", t.key()));
        assertThat(kb.path("embedding_model").asText()).isEqualTo("gateway:embed");
        assertThat(kb.path("chunks").asInt()).isEqualTo(2);
        // Re-embedding the two documents and embedding the query went through the gateway, billed to the tenant.
        List<JsonNode> rows = gw.ledgerRows(t.tenantId(), 2);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.path("alias").asText()).isEqualTo("embed");
            assertThat(row.path("feature_id").asText()).isEqualTo("knowledge");
        });
        HttpResponse<String> bad = send("PUT", "/v1/kb/via-gateway", t.key(), "application/json",
                "{\"embedding_model\": \"gateway:gpt\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").path("message").asText()).contains("no embedding alias");
    }

    @Test
    void badRequestsGetOpenAiStyleErrors() {
        HttpResponse<String> r = gw.post("/v1/kb/policies/search", gw.key, "application/json", "{\"top_k\": 3}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(r).path("error").path("param").asText()).isEqualTo("query");
        assertThat(gw.post("/v1/kb/policies/search", gw.key, "application/json", "{\"query\": \"x\", \"mode\": \"magic\"}").statusCode()).isEqualTo(400);
        assertThat(gw.post("/v1/kb/policies/search", gw.key, "application/json", "{\"query\": \"x\", \"filter\": {\"tenant\": \"t\"}}").statusCode()).isEqualTo(400);
        assertThat(gw.post("/v1/kb/policies/search", gw.key, "application/json", "{\"query\": \"x\", \"top_k\": 0}").statusCode()).isEqualTo(400);
        HttpResponse<String> rr = gw.post("/v1/kb/policies/search", gw.key, "application/json", "{\"query\": \"x\", \"rerank\": true}");
        assertThat(json(rr).path("error").path("code").asText()).isEqualTo("rerank_not_configured");
        assertThat(gw.post("/v1/kb/Bad_Name/documents", gw.key, "application/json", "{\"document_id\": \"a\", \"text\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(gw.post("/v1/kb/fine/documents", gw.key, "application/json", "{\"document_id\": \"a\"}").statusCode()).isEqualTo(400);
        assertThat(gw.post("/v1/kb/fine/documents", gw.key, "application/json", "{\"document_id\": \"a\", \"text\": \"x\", \"acl_groups\": [\"bad group\"]}").statusCode()).isEqualTo(400);
        assertThat(gw.get("/v1/kb/fine", gw.key).statusCode()).as("nothing half-written").isEqualTo(404);
        assertThat(gw.post("/v1/kb/policies/search", null, "application/json", "{\"query\": \"x\"}").statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/v1/kb/cfg", gw.key, "application/json", "{\"chunking\": {\"strategy\": \"paragraphs\"}}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/v1/kb/cfg", gw.key, "application/json", "{\"embedding_model\": \"nope\"}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        HttpResponse<String> created = send("PUT", "/v1/kb/cfg", gw.key, "application/json",
                "{\"chunking\": {\"strategy\": \"sentence_window\", \"window\": 1}}".getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).path("chunking").path("strategy").asText()).isEqualTo("sentence_window");
        HttpResponse<String> rerank = gw.post("/v1/rerank", gw.key, "application/json", "{\"query\": \"q\", \"documents\": [\"a\"]}");
        assertThat(rerank.statusCode()).isEqualTo(404);
        assertThat(json(rerank).path("error").path("code").asText()).isEqualTo("rerank_not_configured");
    }
}
