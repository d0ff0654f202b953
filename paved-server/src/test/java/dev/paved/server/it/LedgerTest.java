package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exactly one ledger row per call, whatever the outcome, with the provider's tokens and the configured prices. */
@Timeout(90)
class LedgerTest {
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private enum Kind { OK, UPSTREAM_503, RESET_MID_STREAM }

    private record Call(String requestId, String api, String alias, boolean stream, Kind kind) {
        String path() {
            return api.equals("openai.chat") ? "/v1/chat/completions" : "/v1/messages";
        }

        String body() {
            String streamPart = stream ? "\"stream\":true," : "";
            String usage = stream && api.equals("openai.chat") ? "\"stream_options\":{\"include_usage\":true}," : "";
            return "{\"model\":\"" + alias + "\"," + streamPart + usage
                    + "\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
        }
    }

    /** The usage the caller was shown: {input, output}, or null when the answer carried none. */
    private static long[] usageSeenByClient(Call c, String body) {
        if (!c.stream()) {
            JsonNode u = Json.parseOrNull(body).path("usage");
            return c.api().equals("openai.chat")
                    ? new long[] {u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong()}
                    : new long[] {u.path("input_tokens").asLong(), u.path("output_tokens").asLong()};
        }
        long in = -1;
        long out = -1;
        for (GatewayFixture.Sse ev : GatewayFixture.sse(body)) {
            if (ev.data() == null || ev.data().equals("[DONE]")) {
                continue;
            }
            JsonNode d = ev.json();
            if (c.api().equals("openai.chat") && d.path("usage").isObject()) {
                in = d.path("usage").path("prompt_tokens").asLong();
                out = d.path("usage").path("completion_tokens").asLong();
            } else if ("message_start".equals(ev.event())) {
                in = d.path("message").path("usage").path("input_tokens").asLong();
            } else if ("message_delta".equals(ev.event())) {
                // Anthropic's message_delta usage is cumulative and may restate input_tokens (a translated
                // OpenAI stream only learns them at the end).
                out = d.path("usage").path("output_tokens").asLong();
                if (d.path("usage").has("input_tokens")) {
                    in = d.path("usage").path("input_tokens").asLong();
                }
            }
        }
        return in < 0 || out < 0 ? null : new long[] {in, out};
    }

    @Test
    void concurrentMixedCallsGiveExactlyOneCorrectRowEach() throws Exception {
        GatewayFixture.TenantKey tenant = gw.newTenant("ledger", "{\"name\":\"mix\",\"default_feature\":\"support\"}");
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (String api : List.of("openai.chat", "anthropic.messages")) {
                for (String alias : List.of("gpt", "claude")) {
                    calls.add(new Call("mix-" + calls.size(), api, alias, false, Kind.OK));
                    calls.add(new Call("mix-" + calls.size(), api, alias, true, Kind.OK));
                }
                calls.add(new Call("mix-" + calls.size(), api, i % 2 == 0 ? "broken-gpt" : "broken-claude", i % 3 == 0, Kind.UPSTREAM_503));
                calls.add(new Call("mix-" + calls.size(), api, i % 2 == 0 ? "flaky-gpt" : "flaky-claude", true, Kind.RESET_MID_STREAM));
            }
        }
        int n = calls.size();
        assertThat(n).isEqualTo(72);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (Call c : calls) {
            results.add(pool.submit(() -> gw.post(c.path(), tenant.key(), "application/json", c.body(),
                    "anthropic-version", "2023-06-01", "x-request-id", c.requestId())));
        }
        Map<String, long[]> clientUsage = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Call c = calls.get(i);
            HttpResponse<String> r = results.get(i).get();
            switch (c.kind()) {
                case OK -> {
                    assertThat(r.statusCode()).as(c + " " + r.body()).isEqualTo(200);
                    long[] u = usageSeenByClient(c, r.body());
                    assertThat(u).as(c + " " + r.body()).isNotNull();
                    clientUsage.put(c.requestId(), u);
                }
                case UPSTREAM_503 -> assertThat(r.statusCode()).as(c.toString()).isEqualTo(503);
                // The stream had started (200) when the provider broke off; the caller gets an error event.
                case RESET_MID_STREAM -> {
                    assertThat(r.statusCode()).as(c.toString()).isEqualTo(200);
                    assertThat(r.body()).as(c.toString()).contains("error");
                }
            }
        }
        pool.shutdown();

        List<JsonNode> rows = gw.ledgerRows(tenant.tenantId(), n);
        assertThat(rows).as("exactly one row per call").hasSize(n);
        // Nothing more trickles in afterwards either.
        assertThat(gw.ledger(tenant.tenantId())).hasSize(n);
        Map<String, JsonNode> byId = rows.stream().collect(Collectors.toMap(r -> r.get("request_id").asText(), r -> r));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(calls.stream().map(Call::requestId).toList());

        for (Call c : calls) {
            JsonNode r = byId.get(c.requestId());
            String what = c + " -> " + r;
            assertThat(r.get("tenant_id").asText()).isEqualTo(tenant.tenantId());
            assertThat(r.get("key_id").asText()).isEqualTo(tenant.keyId());
            assertThat(r.get("feature_id").asText()).isEqualTo("support");
            assertThat(r.get("api").asText()).as(what).isEqualTo(c.api());
            assertThat(r.get("alias").asText()).as(what).isEqualTo(c.alias());
            assertThat(r.get("stream").asBoolean()).as(what).isEqualTo(c.stream());
            boolean gpt = c.alias().endsWith("gpt");
            assertThat(r.get("model").asText()).as(what).isEqualTo(gpt ? "fake-gpt" : "fake-claude");
            long in = r.get("input_tokens").asLong();
            long out = r.get("output_tokens").asLong();
            BigDecimal expectedCost = gpt ? GatewayFixture.cost(GatewayFixture.GPT_IN, GatewayFixture.GPT_OUT, in, out)
                    : GatewayFixture.cost(GatewayFixture.CLAUDE_IN, GatewayFixture.CLAUDE_OUT, in, out);
            assertThat(new BigDecimal(r.get("cost_usd").asText())).as(what).isEqualByComparingTo(expectedCost);
            switch (c.kind()) {
                case OK -> {
                    assertThat(r.get("status").asInt()).as(what).isEqualTo(200);
                    assertThat(r.get("error_code").isNull()).as(what).isTrue();
                    assertThat(r.get("usage_source").asText()).as(what).isEqualTo("provider");
                    // The fake counts 3 prompt words and answers max_tokens = 8 tokens; the caller saw the same.
                    assertThat(new long[] {in, out}).as(what).containsExactly(3, 8);
                    assertThat(clientUsage.get(c.requestId())).as(what).containsExactly(in, out);
                    assertThat(expectedCost).isPositive();
                }
                case UPSTREAM_503 -> {
                    assertThat(r.get("status").asInt()).as(what).isEqualTo(503);
                    assertThat(r.get("error_code").asText()).as(what).isEqualTo("upstream_unavailable");
                    assertThat(out).as(what).isZero();
                }
                case RESET_MID_STREAM -> {
                    assertThat(r.get("status").asInt()).as(what).isEqualTo(502);
                    assertThat(r.get("error_code").asText()).as(what).isEqualTo("upstream_stream_interrupted");
                    assertThat(r.get("usage_source").asText()).as(what).isIn("provider", "estimated");
                }
            }
        }

        // The same rows straight from the database, in the tenant's own scope: the API view hides or duplicates none.
        long[] sums = gw.server.database().inTenantScope(tenant.tenantId(), conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select count(*), count(distinct request_id), "
                    + "sum(case when status >= 400 then 1 else 0 end), sum(input_tokens), sum(output_tokens) from ledger");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
            }
        });
        assertThat(sums).containsExactly(n, n, calls.stream().filter(c -> c.kind() != Kind.OK).count(),
                rows.stream().mapToLong(r -> r.get("input_tokens").asLong()).sum(),
                rows.stream().mapToLong(r -> r.get("output_tokens").asLong()).sum());
    }

    @Test
    void clientDisconnectMidStreamIsLoggedAs499AndCancelsTheProviderCall() throws Exception {
        GatewayFixture.TenantKey tenant = gw.newTenant("gone", "{\"name\":\"k\"}");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(gw.base + "/v1/chat/completions"))
                .header("authorization", "Bearer " + tenant.key()).header("content-type", "application/json")
                .header("x-request-id", "disconnect-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow-gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .timeout(Duration.ofSeconds(30)).build();
        // slow-gpt streams 200 tokens 200 ms apart: 40 s, far longer than this test waits for anything.
        HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        try (InputStream in = resp.body()) {
            assertThat(in.read(new byte[64])).isPositive();
            assertThat(gw.fake.stats().activeStreams()).as("the provider is streaming").isGreaterThanOrEqualTo(1);
        }
        client.close();
        client.shutdownNow();

        JsonNode row = gw.ledgerRow(tenant.tenantId(), "disconnect-1");
        assertThat(row).as("a ledger row for the abandoned call").isNotNull();
        assertThat(row.get("status").asInt()).as(row.toString()).isEqualTo(499);
        assertThat(row.get("error_code").asText()).isEqualTo("client_disconnected");
        assertThat(row.get("stream").asBoolean()).isTrue();
        assertThat(row.get("output_tokens").asLong()).as(row.toString()).isLessThan(200);
        // The gateway hung up on the provider too: the fake's stream ended long before its 40 s.
        assertThat(GatewayFixture.await(() -> gw.fake.stats().activeStreams() == 0)).as("fake stream closed").isTrue();
        assertThat(gw.ledgerRows(tenant.tenantId(), 1)).hasSize(1);
    }
}
