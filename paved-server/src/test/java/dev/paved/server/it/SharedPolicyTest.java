package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.resilience.BreakerState;
import dev.paved.server.redis.TestRedis;
import dev.paved.server.telemetry.Tracing;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas sharing one database and one real Redis: rate limits, concurrency and budgets are
 * enforced exactly at their thresholds over both, a kill switch set through one is in force on the other,
 * and breaker transitions travel between them.
 */
class SharedPolicyTest {
    private static final String SUFFIX = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final String RATED = "rated-" + SUFFIX;
    private static final String TOKENS = "tokens-" + SUFFIX;
    private static final String BUSY = "busy-" + SUFFIX;
    private static final String SPENDER = "spender-" + SUFFIX;
    private static final String BURST = "burst-" + SUFFIX;
    private static final BigDecimal DAILY = new BigDecimal("0.0004");
    private static GatewayFixture a;
    private static GatewayFixture b;

    @BeforeAll
    static void start() {
        String yaml = """
                limits:
                  tenants:
                    %s: {requests_per_minute: 4}
                    %s: {tokens_per_minute: 100}
                    %s: {concurrent_requests: 1, batch_concurrent_requests: 1}
                    %s: {requests_per_minute: 300}
                budgets:
                  soft_at: 0.5
                  tenants:
                    %s: {daily_usd: %s}
                  degrade_to:
                    claude: gpt
                """.formatted(RATED, TOKENS, BUSY, BURST, SPENDER, DAILY.toPlainString());
        a = new GatewayFixture(Tracing.off(), 1 << 20, new GatewayFixture.Extras(yaml, TestRedis.url(), null));
        b = new GatewayFixture(Tracing.off(), 1 << 20, new GatewayFixture.Extras(yaml, TestRedis.url(), a));
    }

    @AfterAll
    static void stop() {
        GatewayFixture.closeAll(a, b);
    }

    private static final String HELLO = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    /** Rate windows are UTC minutes: start a test that needs one window well inside it. */
    private static void awaitFreshMinute() {
        long intoMinute = Instant.now().toEpochMilli() % 60_000;
        if (intoMinute > 45_000) {
            sleep(60_000 - intoMinute + 200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void requestsPerMinuteAreCountedOverBothReplicasAndRefusedExactlyAtTheLimit() {
        GatewayFixture.TenantKey t = a.newNamedTenant(RATED, "{\"name\":\"k\"}");
        awaitFreshMinute();
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = (i % 2 == 0 ? a : b).chat(t.key(), HELLO);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).contains("4");
            remaining.add(r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        }
        assertThat(remaining).containsExactly("3", "2", "1", "0");
        for (GatewayFixture g : List.of(a, b)) {
            HttpResponse<String> refused = g.chat(t.key(), HELLO);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("rate_limit_exceeded").contains("4 requests per minute");
            assertThat(refused.headers().firstValue("retry-after")).isPresent();
            assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
        }
        JsonNode row = a.ledgerRows(t.tenantId(), 6).getFirst();
        assertThat(row.path("status").asInt()).isEqualTo(429);
        assertThat(row.path("error_code").asText()).isEqualTo("rate_limit_exceeded");
        // quiet counters ask Redis every time, so the limit is exact; the metrics say where admissions were answered
        assertThat(a.get("/metrics", null).body()).contains("paved_policy_admissions_total{answered=\"redis\"}")
                .contains("paved_policy_admissions_total{answered=\"lease\"}").contains("paved_policy_leased_units ");
    }

    @Test
    void aBurstOverBothReplicasIsAdmittedUpToTheLimitAndNoFurther() throws Exception {
        GatewayFixture.TenantKey t = a.newNamedTenant(BURST, "{\"name\":\"k\"}");
        awaitFreshMinute();
        java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        HttpResponse<String> r = (i % 2 == 0 ? a : b).chat(t.key(), HELLO);
                        assertThat(r.statusCode()).as(r.body()).isIn(200, 429);
                        if (r.statusCode() == 200) {
                            admitted.incrementAndGet();
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : senders) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // 400 calls at 8 at a time: busy enough for leases, which never let the two replicas pass 300 together
        assertThat(admitted.get()).isLessThanOrEqualTo(300);
        assertThat(answeredFromLeases(a) + answeredFromLeases(b)).as("admissions answered from leases").isPositive();
        // units left in a replica's lease go back once it is idle; then the rest of the limit can be used, and no more
        boolean refusedAfterPause = false;
        for (int i = 0; !refusedAfterPause; i++) {
            HttpResponse<String> r = (i % 2 == 0 ? a : b).chat(t.key(), HELLO);
            if (r.statusCode() == 200) {
                admitted.incrementAndGet();
                continue;
            }
            assertThat(r.statusCode()).isEqualTo(429);
            sleep(1_200);
            HttpResponse<String> again = (i % 2 == 0 ? b : a).chat(t.key(), HELLO);
            if (again.statusCode() == 200) {
                admitted.incrementAndGet();
            } else {
                refusedAfterPause = true;
            }
        }
        assertThat(admitted.get()).isEqualTo(300);
    }

    @Test
    void tokensPerMinuteChargeRealTokensOverBothReplicas() {
        GatewayFixture.TenantKey t = a.newNamedTenant(TOKENS, "{\"name\":\"k\"}");
        awaitFreshMinute();
        int admitted = 0;
        long charged = 0;
        while (true) {
            GatewayFixture g = admitted % 2 == 0 ? a : b;
            HttpResponse<String> r = g.chat(t.key(), HELLO);
            if (r.statusCode() == 429) {
                assertThat(r.body()).contains("100 tokens per minute");
                break;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            admitted++;
            JsonNode usage = dev.paved.gateway.wire.Json.parseOrNull(r.body()).path("usage");
            charged += usage.path("total_tokens").asLong();
            long expected = charged;
            // the call's tokens are charged when it ends, just after the caller got its answer
            GatewayFixture.await(() -> used(t.tenantId(), "tokens_per_minute") == expected);
            assertThat(admitted).isLessThan(100);
        }
        // admitted while below the limit, refused from the first call that found it reached
        assertThat(charged).isGreaterThanOrEqualTo(100);
        long perCall = charged / admitted;
        assertThat(charged - perCall).isLessThan(100);
    }

    private static double answeredFromLeases(GatewayFixture g) {
        for (String line : g.get("/metrics", null).body().split("\n")) {
            if (line.startsWith("paved_policy_admissions_total{answered=\"lease\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static long used(String tenantId, String limit) {
        for (JsonNode n : a.admin("GET", "/admin/limits?tenant_id=" + tenantId, null).path("data")) {
            if (n.path("scope").asText().equals("tenant") && n.path("limit").asText().equals(limit)) {
                return n.path("used").asLong();
            }
        }
        return -1;
    }

    @Test
    void concurrencySlotsAreSharedAndBatchHasItsOwn() throws Exception {
        GatewayFixture.TenantKey t = a.newNamedTenant(BUSY, "{\"name\":\"k\"}");
        String hang = "{\"model\":\"hang-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"wait\"}]}";
        CompletableFuture<HttpResponse<String>> holding = CompletableFuture.supplyAsync(() -> a.chat(t.key(), hang));
        assertThat(GatewayFixture.await(() -> used(t.tenantId(), "concurrent_requests") == 1)).isTrue();
        HttpResponse<String> refused = b.chat(t.key(), HELLO);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("concurrency_limit_exceeded");
        HttpResponse<String> batch = b.chat(t.key(), HELLO, "x-paved-traffic-class", "batch");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        assertThat(holding.get().statusCode()).isEqualTo(504);
        assertThat(GatewayFixture.await(() -> used(t.tenantId(), "concurrent_requests") == 0)).isTrue();
        assertThat(b.chat(t.key(), HELLO).statusCode()).isEqualTo(200);
    }

    @Test
    void budgetDegradesAtTheSoftThresholdAndBlocksAtTheCapOverBothReplicas() {
        GatewayFixture.TenantKey t = a.newNamedTenant(SPENDER, "{\"name\":\"k\"}");
        String claude = "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        BigDecimal spent = BigDecimal.ZERO;
        List<JsonNode> answers = new ArrayList<>();
        int calls = 0;
        while (true) {
            HttpResponse<String> r = (calls % 2 == 0 ? a : b).chat(t.key(), claude);
            if (r.statusCode() != 200) {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.body()).contains("budget_exceeded").contains("daily budget of your tenant");
                assertThat(r.headers().firstValue("retry-after")).isPresent();
                break;
            }
            calls++;
            assertThat(calls).isLessThan(50);
            answers.add(dev.paved.gateway.wire.Json.parseOrNull(r.body()));
            String requestId = r.headers().firstValue("x-request-id").orElseThrow();
            JsonNode row = a.ledgerRow(t.tenantId(), requestId);
            BigDecimal before = spent;
            spent = spent.add(row.path("cost_usd").decimalValue());
            if (before.compareTo(DAILY.multiply(new BigDecimal("0.5"))) >= 0) {
                assertThat(row.path("model").asText()).as("degraded past the soft threshold").isEqualTo("fake-gpt");
                assertThat(row.path("decisions").toString()).contains("degrade:budget:tenant-day:claude->gpt");
            } else {
                assertThat(row.path("model").asText()).isEqualTo("fake-claude");
            }
            BigDecimal expected = spent;
            GatewayFixture.await(() -> spentUsd(t.tenantId()).compareTo(expected) == 0);
        }
        // every call was admitted while the total was below the cap; the refusal came once it reached it
        assertThat(spent).isGreaterThanOrEqualTo(DAILY);
        assertThat(answers).isNotEmpty();
        assertThat(spentUsd(t.tenantId())).isEqualByComparingTo(spent);
    }

    private static BigDecimal spentUsd(String tenantId) {
        for (JsonNode n : b.admin("GET", "/admin/budgets?tenant_id=" + tenantId, null).path("data")) {
            if (n.path("scope").asText().equals("tenant") && n.path("period").asText().equals("day")) {
                return n.path("spent_usd").decimalValue();
            }
        }
        return BigDecimal.ZERO;
    }

    @Test
    void aSwitchSetThroughOneReplicaIsInForceOnTheOther() {
        GatewayFixture.TenantKey t = a.newTenant("switched", "{\"name\":\"k\"}");
        assertThat(b.chat(t.key(), HELLO).statusCode()).isEqualTo(200);
        a.admin("PUT", "/admin/switches/tenant", "{\"target\":\"" + t.tenantId() + "\",\"reason\":\"abuse review\"}");
        long set = System.nanoTime();
        // pub/sub tells the other replica at once, its poll every 250 ms; the bound leaves room for a loaded CI machine
        assertThat(awaitWithin(Duration.ofSeconds(3), () -> b.chat(t.key(), HELLO).statusCode() == 403)).isTrue();
        System.out.printf("switch in force on the other replica after %d ms%n", (System.nanoTime() - set) / 1_000_000);
        HttpResponse<String> refused = b.chat(t.key(), HELLO);
        assertThat(refused.body()).contains("tenant_disabled").contains("abuse review");
        assertThat(b.admin("GET", "/admin/switches", null).path("data").toString()).contains(t.tenantId());
        b.admin("DELETE", "/admin/switches/tenant?target=" + t.tenantId(), null);
        assertThat(awaitWithin(Duration.ofSeconds(3), () -> a.chat(t.key(), HELLO).statusCode() == 200)).isTrue();
    }

    @Test
    void breakerTransitionsReachTheOtherReplicaButNotTheSender() {
        // A target no alias uses: the receiving replica's breaker follows the message, and must not disturb other tests.
        String probe = "oa/bus-probe-" + SUFFIX;
        Map<String, BreakerState> seenByA = new ConcurrentHashMap<>();
        Map<String, BreakerState> seenByB = new ConcurrentHashMap<>();
        a.server.policy().breakerBus().subscribe(seenByA::put);
        b.server.policy().breakerBus().subscribe(seenByB::put);
        b.server.policy().breakerBus().publish(probe, BreakerState.OPEN);
        assertThat(GatewayFixture.await(() -> seenByA.get(probe) == BreakerState.OPEN)).isTrue();
        a.server.policy().breakerBus().publish(probe, BreakerState.HALF_OPEN);
        assertThat(GatewayFixture.await(() -> seenByB.get(probe) == BreakerState.HALF_OPEN)).isTrue();
        assertThat(seenByA.get(probe)).isEqualTo(BreakerState.OPEN);
    }

    private static boolean awaitWithin(Duration limit, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(20);
        }
        return condition.getAsBoolean();
    }
}
