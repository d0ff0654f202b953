package dev.paved.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
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
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running gateway for end-to-end tests: the fake provider, a fresh database in the shared test
 * PostgreSQL, Paved on a free port, and one tenant with an unrestricted and a restricted key.
 *
 * <p>Aliases: {@code gpt} (OpenAI-type provider, model fake-gpt), {@code claude} (Anthropic-type provider,
 * model fake-claude), {@code secret-model} (allowed only to the unrestricted key), {@code embed} (upstream
 * embeddings), and fault aliases whose provider always sends an {@code x-fake-fault} header:
 * {@code broken-*} (503), {@code busy-*} (429, Retry-After 2), {@code flaky-*} (reset mid-stream),
 * {@code garbled-gpt} (malformed body), {@code hang-*} (never answers; provider timeout 2s) and
 * {@code slow-gpt} (200 tokens, 200 ms apart).
 */
final class GatewayFixture implements AutoCloseable {
    static final String ADMIN_KEY = "pa_test_admin_key_0123456789";
    /** The fake's 16-token answer. */
    static final String TEXT16 = "lorem ipsum dolor sit amet fake token reply ".repeat(2);
    static final BigDecimal GPT_IN = BigDecimal.ONE;
    static final BigDecimal GPT_OUT = BigDecimal.TWO;
    static final BigDecimal CLAUDE_IN = BigDecimal.valueOf(3);
    static final BigDecimal CLAUDE_OUT = BigDecimal.valueOf(15);
    private static final AtomicInteger TENANTS = new AtomicInteger();

    /** A tenant and one API key of it. */
    record TenantKey(String tenantId, String keyId, String key) {
    }

    final FakeProvider fake;
    final PavedServer server;
    final String base;
    final String tenantId;
    final String key;
    final String keyId;
    final String restrictedKey;
    final String restrictedKeyId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayFixture(Tracing tracing, long maxBodyBytes) {
        this(tracing, maxBodyBytes, Extras.NONE);
    }

    /** These tests check how one failing provider's answer reaches the caller: no retries, no breakers. */
    static final String NO_RETRIES = """
            resilience:
              max_retries: 0
              consecutive_failures: 100000
              minimum_calls: 100000
            """;

    /**
     * YAML sections appended to the file ({@code resilience:}, {@code cache:}, {@code knowledge:}, {@code limits:}, …;
     * without a {@code resilience:} section, {@link #NO_RETRIES} applies), and for traffic-policy tests a Redis and a
     * database and main tenant shared with {@code peer} (a second replica); {@code localModels} gives the server its
     * in-process embedding models (tests wrap the real ones to count calls).
     */
    record Extras(String yaml, String redisUrl, GatewayFixture peer, Function<String, EmbeddingModel> localModels) {
        static final Extras NONE = new Extras("", null, null);

        Extras(String yaml, String redisUrl, GatewayFixture peer) {
            this(yaml, redisUrl, peer, EmbeddingModels::get);
        }
    }

    private final String database;

    /** @param extraYaml top-level sections added to the configuration, e.g. {@code knowledge:} */
    GatewayFixture(Tracing tracing, long maxBodyBytes, String extraYaml) {
        this(tracing, maxBodyBytes, new Extras(extraYaml, null, null), "");
    }

    /** @param extraAliases more alias lines, appended under {@code aliases:} */
    GatewayFixture(Tracing tracing, long maxBodyBytes, String extraYaml, String extraAliases) {
        this(tracing, maxBodyBytes, new Extras(extraYaml, null, null), extraAliases);
    }

    GatewayFixture(Tracing tracing, long maxBodyBytes, Extras extras) {
        this(tracing, maxBodyBytes, extras, "");
    }

    GatewayFixture(Tracing tracing, long maxBodyBytes, Extras extras, String extraAliases) {
        fake = FakeProvider.start(FakeOptions.defaults());
        try {
            EmbeddedPostgres pg = TestPostgres.shared();
            String db = extras.peer() != null ? extras.peer().database : TestPostgres.newDatabaseName();
            database = db;
            pg.createDatabaseIfMissing(db);
            String dbUrl = "postgresql://" + pg.superuser() + ":" + URLEncoder.encode(pg.superuserPassword(), StandardCharsets.UTF_8)
                    + "@127.0.0.1:" + pg.port() + "/" + db;
            Path dataDir = TestPostgres.tempDir("paved-it-");
            String oa = fake.openAiBaseUrl();
            String an = fake.anthropicBaseUrl();
            String yaml = """
                    server:
                      port: 0
                      host: 127.0.0.1
                      data_dir: {{DATA_DIR}}
                      admin_key: {{ADMIN_KEY}}
                      database_url: "{{DB_URL}}"
                      max_body_bytes: {{MAX_BODY}}
                    {{REDIS}}
                    providers:
                      oa:          {type: openai, base_url: "{{OA}}", api_key: sk-upstream, timeout: 10s}
                      an:          {type: anthropic, base_url: "{{AN}}", api_key: sk-ant-upstream, timeout: 10s}
                      slow:        {type: openai, base_url: "{{OA}}", headers: {x-fake-token-delay-ms: "200", x-fake-tokens: "200"}}
                      broken:      {type: openai, base_url: "{{OA}}", headers: {x-fake-fault: "status=503"}}
                      broken-an:   {type: anthropic, base_url: "{{AN}}", headers: {x-fake-fault: "status=503"}}
                      busy:        {type: openai, base_url: "{{OA}}", headers: {x-fake-fault: "status=429,retry-after=2"}}
                      busy-an:     {type: anthropic, base_url: "{{AN}}", headers: {x-fake-fault: "status=429,retry-after=2"}}
                      flaky:       {type: openai, base_url: "{{OA}}", headers: {x-fake-fault: "reset-mid-stream"}}
                      flaky-an:    {type: anthropic, base_url: "{{AN}}", headers: {x-fake-fault: "reset-mid-stream"}}
                      garbled:     {type: openai, base_url: "{{OA}}", headers: {x-fake-fault: "malformed"}}
                      hanging:     {type: openai, base_url: "{{OA}}", headers: {x-fake-fault: "hang"}, timeout: 2s}
                      hanging-an:  {type: anthropic, base_url: "{{AN}}", headers: {x-fake-fault: "hang"}, timeout: 2s}
                      dead:        {type: openai, base_url: "http://127.0.0.1:9/v1", timeout: 5s}
                    aliases:
                      gpt:            {target: {provider: oa, model: fake-gpt}}
                      claude:         {target: {provider: an, model: fake-claude}}
                      secret-model:   {target: {provider: oa, model: fake-gpt}}
                      embed:          {type: embedding, target: {provider: oa, model: fake-embed}}
                      slow-gpt:       {target: {provider: slow, model: fake-gpt}}
                      broken-gpt:     {target: {provider: broken, model: fake-gpt}}
                      broken-claude:  {target: {provider: broken-an, model: fake-claude}}
                      busy-gpt:       {target: {provider: busy, model: fake-gpt}}
                      busy-claude:    {target: {provider: busy-an, model: fake-claude}}
                      flaky-gpt:      {target: {provider: flaky, model: fake-gpt}}
                      flaky-claude:   {target: {provider: flaky-an, model: fake-claude}}
                      garbled-gpt:    {target: {provider: garbled, model: fake-gpt}}
                      hang-gpt:       {target: {provider: hanging, model: fake-gpt}}
                      hang-claude:    {target: {provider: hanging-an, model: fake-claude}}
                    {{EXTRA_ALIASES}}
                    pricing:
                      fake-gpt: {input: {{GPT_IN}}, output: {{GPT_OUT}}}
                      fake-claude: {input: {{CLAUDE_IN}}, output: {{CLAUDE_OUT}}}
                    """
                    .concat(extras.yaml().contains("resilience:") ? extras.yaml() : NO_RETRIES + extras.yaml())
                    .replace("{{REDIS}}", extras.redisUrl() == null ? "" : "  redis_url: \"" + extras.redisUrl() + "\"")
                    .replace("{{EXTRA_ALIASES}}", extraAliases.stripIndent().indent(2).stripTrailing())
                    .replace("{{DATA_DIR}}", dataDir.toString()).replace("{{ADMIN_KEY}}", ADMIN_KEY).replace("{{DB_URL}}", dbUrl)
                    .replace("{{MAX_BODY}}", Long.toString(maxBodyBytes)).replace("{{OA}}", oa).replace("{{AN}}", an)
                    .replace("{{GPT_IN}}", GPT_IN.toPlainString()).replace("{{GPT_OUT}}", GPT_OUT.toPlainString())
                    .replace("{{CLAUDE_IN}}", CLAUDE_IN.toPlainString()).replace("{{CLAUDE_OUT}}", CLAUDE_OUT.toPlainString());
            PavedConfig config = ConfigLoader.parse(yaml, "it.yaml", Map.of());
            server = PavedServer.start(config, new PrintStream(new ByteArrayOutputStream()), new PavedServer.Options(tracing, false, Map.of(),
                    extras.localModels()));
        } catch (RuntimeException e) {
            fake.close();
            throw e;
        }
        base = "http://127.0.0.1:" + server.port();
        if (extras.peer() != null) {
            GatewayFixture p = extras.peer();
            tenantId = p.tenantId;
            key = p.key;
            keyId = p.keyId;
            restrictedKey = p.restrictedKey;
            restrictedKeyId = p.restrictedKeyId;
            return;
        }
        TenantKey main = newTenant("acme", "{\"name\":\"main\",\"default_feature\":\"support\"}");
        tenantId = main.tenantId();
        key = main.key();
        keyId = main.keyId();
        JsonNode restricted = admin("POST", "/admin/tenants/" + tenantId + "/keys", "{\"name\":\"narrow\",\"allowed_aliases\":[\"gpt\"]}");
        restrictedKey = restricted.get("key").asText();
        restrictedKeyId = restricted.get("id").asText();
    }

    /** A new tenant (unique name) with one key created from {@code keyJson}. */
    TenantKey newTenant(String prefix, String keyJson) {
        return newNamedTenant(prefix + "-" + TENANTS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36), keyJson);
    }

    /** A new tenant with exactly this name (one paved.yaml refers to) and one key created from {@code keyJson}. */
    TenantKey newNamedTenant(String name, String keyJson) {
        String tenant = admin("POST", "/admin/tenants", "{\"name\":\"" + name + "\"}").get("id").asText();
        JsonNode k = admin("POST", "/admin/tenants/" + tenant + "/keys", keyJson);
        return new TenantKey(tenant, k.get("id").asText(), k.get("key").asText());
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

    /** POST with a bearer key ({@code secret}, or none when null), a content type (or none) and extra header pairs. */
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

    /** POST to /v1/messages with the anthropic-version header. */
    HttpResponse<String> messages(String secret, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "anthropic-version";
        all[1] = "2023-06-01";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post("/v1/messages", secret, "application/json", body, all);
    }

    HttpResponse<String> chat(String secret, String body, String... headers) {
        return post("/v1/chat/completions", secret, "application/json", body, headers);
    }

    HttpResponse<String> get(String path, String secret) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (secret != null) {
            b.header("authorization", "Bearer " + secret);
        }
        return send(b);
    }

    HttpResponse<String> delete(String path, String secret) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().header("authorization", "Bearer " + secret));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ledger rows of this fixture's main tenant, newest first, after everything recorded so far is written. */
    JsonNode ledger() {
        return ledger(tenantId);
    }

    JsonNode ledger(String tenant) {
        server.flushLedger(Duration.ofSeconds(20));
        return admin("GET", "/admin/ledger?limit=10000&tenant_id=" + tenant, null).get("data");
    }

    /**
     * The tenant's ledger rows once there are at least {@code atLeast} of them. The gateway records a call
     * just after the caller has seen its last byte, so a row may reach the ledger a moment after the response;
     * this waits (up to 20 s) for that, then returns whatever is there, so callers can assert the exact count.
     */
    List<JsonNode> ledgerRows(String tenant, int atLeast) {
        List<JsonNode> rows = new ArrayList<>();
        await(() -> {
            rows.clear();
            ledger(tenant).forEach(rows::add);
            return rows.size() >= atLeast;
        });
        return rows;
    }

    /** The one ledger row with this request id, waiting for it as {@link #ledgerRows} does; null when none came. */
    JsonNode ledgerRow(String tenant, String requestId) {
        JsonNode[] found = new JsonNode[1];
        await(() -> {
            for (JsonNode r : ledger(tenant)) {
                if (requestId.equals(r.path("request_id").asText())) {
                    found[0] = r;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }

    /** Polls {@code condition} every 50 ms for up to 20 s; returns whether it became true. */
    static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** One server-sent event as it arrived: the {@code event:} name (or null) and the joined {@code data:} lines. */
    record Sse(String event, String data) {
        JsonNode json() {
            return Json.parseOrNull(data);
        }
    }

    /** Parses a whole {@code text/event-stream} body. */
    static List<Sse> sse(String body) {
        List<Sse> out = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        for (String line : body.split("\r\n|\n|\r", -1)) {
            if (line.isEmpty()) {
                if (data != null || event != null) {
                    out.add(new Sse(event, data == null ? null : data.toString()));
                }
                event = null;
                data = null;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                d = d.startsWith(" ") ? d.substring(1) : d;
                data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
            }
        }
        if (data != null || event != null) {
            out.add(new Sse(event, data == null ? null : data.toString()));
        }
        return out;
    }

    /** The cost the ledger should show: prices are per million tokens. */
    static BigDecimal cost(BigDecimal inPrice, BigDecimal outPrice, long in, long out) {
        return inPrice.multiply(BigDecimal.valueOf(in)).add(outPrice.multiply(BigDecimal.valueOf(out))).divide(BigDecimal.valueOf(1_000_000));
    }

    /** Closes replicas, the last started first, skipping any that did not start. */
    static void closeAll(GatewayFixture... replicas) {
        for (int i = replicas.length - 1; i >= 0; i--) {
            if (replicas[i] != null) {
                replicas[i].close();
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            fake.close();
        }
    }
}
