package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.fake.FaultRule;
import dev.paved.fake.FaultSpec;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chaos drills against the fake provider: every fault mode on a primary falls back to the secondary
 * with exactly one upstream call each; Retry-After is honoured; nothing is retried once the caller has
 * bytes; breakers bound the upstream attempts, open, probe and close; a load run with one of two
 * targets down sees no errors; context windows, truncation and A/B variants route as configured.
 * Each drill uses its own model names, so breakers and fault rules of one never touch another.
 */
@Timeout(120)
class ResilienceTest {
    private static final String RESILIENCE = """
            resilience:
              max_retries: 1
              retry_base_delay: 10ms
              retry_max_delay: 3s
              retry_budget_ratio: 0.2
              retry_budget_minimum: 1000
              failure_rate: 50
              minimum_calls: 4
              window: 10
              consecutive_failures: 3
              open_for: 1s
              half_open_probes: 1
            """;
    private static final String[] FAULTS = {"status=500", "status=503", "status=429,retry-after=1", "reset", "malformed", "hang",
            "status=401"};

    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < FAULTS.length; i++) {
            aliases.append("drill-").append(i).append(": {targets: [{provider: oa, model: fa-").append(i)
                    .append(", timeouts: {first_token: 400ms}}, {provider: oa, model: fb-").append(i).append("}]}\n");
            aliases.append("drill-an-").append(i).append(": {targets: [{provider: an, model: ca-").append(i)
                    .append(", timeouts: {first_token: 400ms}}, {provider: oa, model: cb-").append(i).append("}]}\n");
        }
        aliases.append("""
                solo: {target: {provider: oa, model: solo-1}}
                midway: {targets: [{provider: oa, model: mid-a}, {provider: oa, model: mid-b}]}
                storm: {target: {provider: oa, model: storm-1}}
                refused: {targets: [{provider: dead, model: nowhere}, {provider: oa, model: alive}]}
                balanced: {strategy: weighted, targets: [{provider: oa, model: lb-a}, {provider: oa, model: lb-b}]}
                windowed: {targets: [{provider: oa, model: win-small, context_window: 40}, {provider: oa, model: win-big, context_window: 100000}]}
                cramped: {target: {provider: oa, model: cramped-1, context_window: 40}}
                tiny: {overflow: truncate, target: {provider: oa, model: tiny-1, context_window: 120}}
                shared: {target: {provider: oa, model: dedup-1}}
                split: {strategy: ab, targets: [{provider: oa, model: ab-x}, {provider: oa, model: ab-y}]}
                """);
        gw = new GatewayFixture(Tracing.off(), 8 << 20, RESILIENCE, aliases.toString());
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static String body(String alias, boolean stream) {
        return "{\"model\":\"" + alias + "\"," + (stream ? "\"stream\":true," : "")
                + "\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
    }

    private static void fail(String model, String fault, int times) {
        gw.fake.faults().add(FaultRule.nextRequests(times, FaultSpec.parse(fault)).onlyModel(model));
    }

    private static long upstreamCalls(String model) {
        return gw.fake.recentRequests().stream().filter(r -> r.path().endsWith("/chat/completions") || r.path().endsWith("/messages"))
                .filter(r -> model.equals(r.json().path("model").asText())).count();
    }

    private static JsonNode row(HttpResponse<String> r) {
        return gw.ledgerRow(gw.tenantId, r.headers().firstValue("x-request-id").orElseThrow());
    }

    private static List<String> decisions(JsonNode row) {
        return StreamSupport.stream(row.get("decisions").spliterator(), false).map(JsonNode::asText).toList();
    }

    @ParameterizedTest(name = "{0} fault {1}, stream={2}")
    @CsvSource({
            "openai, 0, false", "openai, 1, false", "openai, 2, false", "openai, 3, false", "openai, 4, false", "openai, 5, false",
            "openai, 6, false", "openai, 0, true", "openai, 3, true", "openai, 5, true",
            "anthropic, 1, false", "anthropic, 3, true", "anthropic, 5, false"})
    void everyFaultOnThePrimaryFallsBackWithOneCallEach(String api, int fault, boolean stream) {
        boolean an = api.equals("anthropic");
        String primary = (an ? "ca-" : "fa-") + fault;
        String secondary = (an ? "cb-" : "fb-") + fault;
        long primaryBefore = upstreamCalls(primary);
        long secondaryBefore = upstreamCalls(secondary);
        fail(primary, FAULTS[fault], 1);
        String alias = (an ? "drill-an-" : "drill-") + fault;
        HttpResponse<String> r = an ? gw.messages(gw.key, body(alias, stream)) : gw.chat(gw.key, body(alias, stream));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        if (stream) {
            List<GatewayFixture.Sse> events = GatewayFixture.sse(r.body());
            assertThat(events).extracting(GatewayFixture.Sse::data).noneMatch(d -> d != null && d.contains("\"error\""));
            assertThat(r.body()).contains(an ? "message_stop" : "[DONE]");
        } else {
            JsonNode answer = Json.parseOrNull(r.body());
            assertThat(an ? answer.path("content").path(0).path("text").asText() : answer.path("choices").path(0).path("message").path("content").asText())
                    .isNotBlank();
        }
        assertThat(upstreamCalls(primary) - primaryBefore).isEqualTo(1);
        assertThat(upstreamCalls(secondary) - secondaryBefore).isEqualTo(1);
        JsonNode row = row(r);
        assertThat(row.get("status").asInt()).isEqualTo(200);
        assertThat(row.get("attempts").asInt()).isEqualTo(2);
        assertThat(row.get("model").asText()).isEqualTo(secondary);
        assertThat(decisions(row)).anySatisfy(d -> assertThat(d).startsWith("fallback:oa/" + secondary + ":"));
    }

    @Test
    void retryAfterIsHonouredWhenThereIsNoOtherTarget() {
        fail("solo-1", "status=429,retry-after=1", 1);
        HttpResponse<String> r = gw.chat(gw.key, body("solo", false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(upstreamCalls("solo-1")).isEqualTo(2);
        JsonNode row = row(r);
        assertThat(row.get("attempts").asInt()).isEqualTo(2);
        // Full jitter never waits less than the provider asked for.
        assertThat(decisions(row)).containsExactly("retry:oa/solo-1:upstream_rate_limited:1000ms");
    }

    @Test
    void nothingIsRetriedOnceTheCallerHasBytes() {
        fail("mid-a", "reset-mid-stream,after=4", 1);
        HttpResponse<String> r = gw.chat(gw.key, body("midway", true));
        assertThat(r.statusCode()).isEqualTo(200);
        List<GatewayFixture.Sse> events = GatewayFixture.sse(r.body());
        assertThat(events.get(events.size() - 2).json().path("error").path("code").asText()).isEqualTo("upstream_stream_interrupted");
        assertThat(upstreamCalls("mid-a")).isEqualTo(1);
        assertThat(upstreamCalls("mid-b")).isZero();
        JsonNode row = row(r);
        assertThat(row.get("status").asInt()).isEqualTo(502);
        assertThat(row.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void connectionRefusedFallsBack() {
        HttpResponse<String> r = gw.chat(gw.key, body("refused", false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(decisions(row(r))).contains("fallback:oa/alive:upstream_unreachable");
    }

    @Test
    void breakerBoundsAttemptsThenProbesAndCloses() throws Exception {
        gw.fake.faults().add(FaultRule.untilCleared(FaultSpec.parse("status=503")).onlyModel("storm-1"));
        List<Integer> statuses = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = gw.chat(gw.key, body("storm", false));
            statuses.add(r.statusCode());
            codes.add(Json.parseOrNull(r.body()).path("error").path("code").asText());
        }
        // Request 1: attempt + retry; request 2: the third consecutive failure opens the breaker, the retry is refused.
        assertThat(upstreamCalls("storm-1")).isEqualTo(3);
        assertThat(statuses).allMatch(s -> s == 503);
        assertThat(codes.subList(2, 10)).containsOnly("no_healthy_target");
        assertThat(target("oa/storm-1").get("state").asText()).isEqualTo("open");

        gw.fake.faults().clear();
        Thread.sleep(1_200);
        HttpResponse<String> probe = gw.chat(gw.key, body("storm", false));
        assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
        JsonNode t = target("oa/storm-1");
        assertThat(t.get("state").asText()).isEqualTo("closed");
        assertThat(t.get("transitions")).extracting(n -> n.get("to").asText()).containsSubsequence("open", "half_open", "closed");
    }

    @Test
    void loadWithOneOfTwoTargetsDownSeesNoErrors() throws Exception {
        gw.fake.faults().add(FaultRule.untilCleared(FaultSpec.parse("status=503")).onlyModel("lb-a"));
        int errors = runLoad(200);
        assertThat(errors).isZero();
        // The breaker opened: the dead target saw a handful of calls, not half of 200.
        assertThat(upstreamCalls("lb-a")).isLessThan(20);
        assertThat(target("oa/lb-a").get("state").asText()).isIn("open", "half_open");

        gw.fake.faults().clear();
        Thread.sleep(1_200);
        assertThat(runLoad(40)).isZero();
        assertThat(target("oa/lb-a").get("state").asText()).isEqualTo("closed");
    }

    private static int runLoad(int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                results.add(pool.submit(() -> gw.chat(gw.key, body("balanced", false)).statusCode()));
            }
            int errors = 0;
            for (Future<Integer> f : results) {
                errors += f.get() == 200 ? 0 : 1;
            }
            return errors;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void contextWindowSkipsTargetsThatAreTooSmallOrRejects() {
        String longPrompt = "{\"model\":\"%s\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(60) + "\"}]}";
        HttpResponse<String> r = gw.chat(gw.key, longPrompt.formatted("windowed"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(upstreamCalls("win-small")).isZero();
        JsonNode row = row(r);
        assertThat(row.get("model").asText()).isEqualTo("win-big");
        assertThat(decisions(row)).contains("skip:oa/win-small:context");

        HttpResponse<String> rejected = gw.chat(gw.key, longPrompt.formatted("cramped"));
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(Json.parseOrNull(rejected.body()).path("error").path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(upstreamCalls("cramped-1")).isZero();
    }

    @Test
    void truncateDropsTheOldestTurnsAndKeepsTheSystemPromptAndLastMessage() {
        StringBuilder messages = new StringBuilder("{\"role\":\"system\",\"content\":\"be brief\"}");
        for (int i = 0; i < 12; i++) {
            messages.append(",{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant").append("\",\"content\":\"turn ").append(i)
                    .append(' ').append("filler ".repeat(8)).append("\"}");
        }
        messages.append(",{\"role\":\"user\",\"content\":\"the last question\"}");
        HttpResponse<String> r = gw.chat(gw.key, "{\"model\":\"tiny\",\"max_tokens\":8,\"messages\":[" + messages + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = gw.fake.recentRequests().stream().filter(q -> "tiny-1".equals(q.json().path("model").asText()))
                .reduce((a, b) -> b).orElseThrow().json();
        JsonNode msgs = sent.get("messages");
        assertThat(msgs.size()).isBetween(2, 13);
        assertThat(msgs.get(0).path("role").asText()).isEqualTo("system");
        assertThat(msgs.get(msgs.size() - 1).path("content").asText()).isEqualTo("the last question");
        assertThat(decisions(row(r))).anySatisfy(d -> assertThat(d).startsWith("truncate:"));
    }

    @Test
    void abVariantIsStablePerTenantAndRecorded() {
        for (int t = 0; t < 4; t++) {
            GatewayFixture.TenantKey tenant = gw.newTenant("ab", "{\"name\":\"k\"}");
            for (int i = 0; i < 3; i++) {
                assertThat(gw.chat(tenant.key(), body("split", false)).statusCode()).isEqualTo(200);
            }
            List<JsonNode> rows = gw.ledgerRows(tenant.tenantId(), 3);
            String model = rows.get(0).get("model").asText();
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.get("model").asText()).isEqualTo(model);
                assertThat(decisions(row)).contains("variant:oa/" + model);
            });
        }
    }

    @Test
    void identicalConcurrentCallsThatOptInShareOneUpstreamCall() throws Exception {
        gw.fake.faults().add(FaultRule.nextRequests(1, FaultSpec.parse("slow-first-byte=600")).onlyModel("dedup-1"));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(pool.submit(() -> gw.chat(gw.key, body("shared", false), "x-paved-dedup", "true")));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : calls) {
                responses.add(f.get());
            }
            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            assertThat(responses).extracting(HttpResponse::body).containsOnly(responses.get(0).body());
            assertThat(upstreamCalls("dedup-1")).isEqualTo(1);
            List<JsonNode> rows = responses.stream().map(ResilienceTest::row).toList();
            assertThat(rows).filteredOn(r -> r.get("attempts").asInt() == 1).hasSize(1);
            assertThat(rows).filteredOn(r -> decisions(r).stream().anyMatch(d -> d.startsWith("dedup:"))).hasSize(4)
                    .allSatisfy(r -> assertThat(r.get("cost_usd").decimalValue()).isZero());
        } finally {
            pool.shutdown();
        }
        // Without the header every call goes upstream.
        assertThat(gw.chat(gw.key, body("shared", false)).statusCode()).isEqualTo(200);
        assertThat(upstreamCalls("dedup-1")).isEqualTo(2);
    }

    private static JsonNode target(String name) {
        for (JsonNode t : gw.admin("GET", "/admin/targets", null).get("data")) {
            if (t.get("target").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no target " + name);
    }
}
