package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.server.telemetry.Tracing;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exactly one ledger row per call, whatever the outcome, with the provider's tokens and the configured prices. */
@Timeout(180)
class LedgerTest {
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** {@code fault} names the failure the alias's provider injects (configured in the fixture), or null. */
    private record Call(String path, String body, String fault) {
    }

    @Test
    void concurrentMixedCallsGiveExactlyOneCorrectRowEach() throws Exception {
        String openAi = "{\"model\":\"%s\",\"stream\":%s,\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
        String anthropic = "{\"model\":\"%s\",\"stream\":%s,\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (String alias : List.of("gpt", "claude")) {
                calls.add(new Call("/v1/chat/completions", openAi.formatted(alias, false), null));
                calls.add(new Call("/v1/chat/completions", openAi.formatted(alias, true), null));
                calls.add(new Call("/v1/messages", anthropic.formatted(alias, true), null));
            }
            calls.add(new Call("/v1/chat/completions", openAi.formatted("broken-gpt", false), "status=503"));
            calls.add(new Call("/v1/chat/completions", openAi.formatted("flaky-gpt", true), "reset-mid-stream"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            String requestId = "mix-" + i;
            results.add(pool.submit(() -> {
                return gw.post(c.path(), gw.key, "application/json", c.body(), "anthropic-version", "2023-06-01", "x-request-id", requestId).statusCode();
            }));
        }
        int failures = 0;
        for (Future<Integer> f : results) {
            if (f.get() >= 400) {
                failures++;
            }
        }
        pool.shutdown();
        // 503s fail before the stream starts; resets mid-stream reach the caller as 200 plus an error event.
        assertThat(failures).isEqualTo(8);

        List<JsonNode> rows = new ArrayList<>();
        gw.ledger().forEach(r -> {
            if (r.get("request_id").asText().startsWith("mix-")) {
                rows.add(r);
            }
        });
        assertThat(rows).hasSize(calls.size());
        assertThat(rows.stream().map(r -> r.get("request_id").asText()).distinct().count()).isEqualTo(calls.size());
        int ok = 0;
        int failed = 0;
        for (JsonNode r : rows) {
            assertThat(r.get("feature_id").asText()).isEqualTo("support");
            assertThat(r.get("tenant_id").asText()).isEqualTo(gw.tenantId);
            if (r.get("status").asInt() == 200) {
                ok++;
                assertThat(r.get("output_tokens").asLong()).as(r.toString()).isEqualTo(8);
                assertThat(r.get("input_tokens").asLong()).as(r.toString()).isEqualTo(3);
                BigDecimal in = r.get("model").asText().equals("fake-gpt") ? BigDecimal.ONE : BigDecimal.valueOf(3);
                BigDecimal out = r.get("model").asText().equals("fake-gpt") ? BigDecimal.TWO : BigDecimal.valueOf(15);
                BigDecimal expected = in.multiply(BigDecimal.valueOf(3)).add(out.multiply(BigDecimal.valueOf(8))).divide(BigDecimal.valueOf(1_000_000));
                assertThat(new BigDecimal(r.get("cost_usd").asText())).isEqualByComparingTo(expected);
                assertThat(r.get("usage_source").asText()).isEqualTo("provider");
            } else {
                failed++;
                assertThat(r.get("status").asInt()).isGreaterThanOrEqualTo(500);
                assertThat(r.get("error_code").asText()).isNotBlank();
            }
        }
        assertThat(ok).isEqualTo(calls.size() - 16);
        assertThat(failed).isEqualTo(16);
    }

    @Test
    void clientDisconnectMidStreamCancelsUpstreamAndStillLogs() throws Exception {
        int before = gw.ledger().size();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(gw.base + "/v1/chat/completions"))
                .header("authorization", "Bearer " + gw.key).header("content-type", "application/json")
                .header("x-request-id", "disconnect-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow-gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            assertThat(in.read(new byte[64])).isPositive();
        }
        client.close();
        JsonNode row = null;
        for (int i = 0; i < 100 && row == null; i++) {
            for (JsonNode r : gw.ledger()) {
                if ("disconnect-1".equals(r.get("request_id").asText())) {
                    row = r;
                }
            }
            if (row == null) {
                Thread.sleep(100);
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("status").asInt()).as(row.toString()).isEqualTo(499);
        assertThat(row.get("error_code").asText()).isEqualTo("client_disconnected");
        assertThat(gw.ledger().size()).isEqualTo(before + 1);
    }
}
