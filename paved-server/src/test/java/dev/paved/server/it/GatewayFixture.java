package dev.paved.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.fake.FakeOptions;
import dev.paved.fake.FakeProvider;
import dev.paved.gateway.wire.Json;
import dev.paved.server.PavedServer;
import dev.paved.server.config.ConfigLoader;
import dev.paved.server.config.PavedConfig;
import dev.paved.server.db.EmbeddedPostgres;
import dev.paved.server.db.TestPostgres;
import dev.paved.server.telemetry.Tracing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A running gateway for end-to-end tests: the fake provider, a fresh database in the shared test
 * PostgreSQL, Paved on a free port, and one tenant with an unrestricted and a restricted key.
 */
final class GatewayFixture implements AutoCloseable {
    static final String ADMIN_KEY = "pa_test_admin_key_0123456789";

    final FakeProvider fake;
    final PavedServer server;
    final String base;
    final String tenantId;
    final String key;
    final String restrictedKey;
    final String restrictedKeyId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayFixture(Tracing tracing, long maxBodyBytes) {
        fake = FakeProvider.start(FakeOptions.defaults());
        EmbeddedPostgres pg = TestPostgres.shared();
        String db = TestPostgres.newDatabaseName();
        pg.createDatabaseIfMissing(db);
        String dbUrl = "postgresql://" + pg.superuser() + ":" + URLEncoder.encode(pg.superuserPassword(), StandardCharsets.UTF_8)
                + "@127.0.0.1:" + pg.port() + "/" + db;
        Path dataDir = TestPostgres.tempDir("paved-it-");
        String yaml = """
                server:
                  port: 0
                  host: 127.0.0.1
                  data_dir: %s
                  admin_key: %s
                  database_url: "%s"
                  max_body_bytes: %d
                providers:
                  oa:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream
                    timeout: 3s
                  an:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-upstream
                    timeout: 3s
                  slow:
                    type: openai
                    base_url: %s
                    headers: {x-fake-token-delay-ms: "200", x-fake-tokens: "200"}
                  broken:
                    type: openai
                    base_url: %s
                    headers: {x-fake-fault: "status=503"}
                  flaky:
                    type: openai
                    base_url: %s
                    headers: {x-fake-fault: "reset-mid-stream"}
                aliases:
                  slow-gpt:
                    targets: [{provider: slow, model: fake-gpt}]
                  broken-gpt:
                    targets: [{provider: broken, model: fake-gpt}]
                  flaky-gpt:
                    targets: [{provider: flaky, model: fake-gpt}]
                  gpt:
                    targets: [{provider: oa, model: fake-gpt}]
                  claude:
                    targets: [{provider: an, model: fake-claude}]
                  secret-model:
                    targets: [{provider: oa, model: fake-gpt}]
                pricing:
                  fake-gpt: {input: 1, output: 2}
                  fake-claude: {input: 3, output: 15}
                """.formatted(dataDir, ADMIN_KEY, dbUrl, maxBodyBytes, fake.openAiBaseUrl(), fake.anthropicBaseUrl(),
                fake.openAiBaseUrl(), fake.openAiBaseUrl(), fake.openAiBaseUrl());
        PavedConfig config = ConfigLoader.parse(yaml, "it.yaml", Map.of());
        server = PavedServer.start(config, new PrintStream(new ByteArrayOutputStream()), new PavedServer.Options(tracing, false));
        base = "http://127.0.0.1:" + server.port();
        tenantId = admin("POST", "/admin/tenants", "{\"name\":\"acme-" + db.replace('_', '-') + "\"}").get("id").asText();
        key = admin("POST", "/admin/tenants/" + tenantId + "/keys", "{\"name\":\"main\",\"default_feature\":\"support\"}").get("key").asText();
        JsonNode restricted = admin("POST", "/admin/tenants/" + tenantId + "/keys", "{\"name\":\"narrow\",\"allowed_aliases\":[\"gpt\"]}");
        restrictedKey = restricted.get("key").asText();
        restrictedKeyId = restricted.get("id").asText();
    }

    JsonNode admin(String method, String path, String body) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.parseOrNull(r.body());
    }

    HttpResponse<String> post(String path, String secret, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("authorization", "Bearer " + secret);
        }
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    HttpResponse<String> get(String path, String secret) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (secret != null) {
            b.header("authorization", "Bearer " + secret);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ledger rows of this fixture's tenant, newest first, after everything recorded so far is written. */
    JsonNode ledger() {
        server.flushLedger(Duration.ofSeconds(20));
        return admin("GET", "/admin/ledger?limit=10000&tenant_id=" + tenantId, null).get("data");
    }

    @Override
    public void close() {
        server.close();
        fake.close();
    }
}
