package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.server.redis.TestRedis;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two replicas sharing a real Redis: an answer stored through one is a hit on the other, exact and semantic; a purge reaches both. */
@Timeout(60)
class SharedCacheTest {
    private static GatewayFixture a;
    private static GatewayFixture b;

    @BeforeAll
    static void start() {
        a = new GatewayFixture(Tracing.off(), 1 << 20, new GatewayFixture.Extras("", TestRedis.url(), null));
        b = new GatewayFixture(Tracing.off(), 1 << 20, new GatewayFixture.Extras("", TestRedis.url(), a));
    }

    @AfterAll
    static void stop() {
        GatewayFixture.closeAll(a, b);
    }

    private static String ask(String question) {
        return "{\"model\":\"gpt\",\"temperature\":0,\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    /** Asks {@code gw} until its answer comes from the cache (pub/sub takes a moment), at most 2 s. */
    private static HttpResponse<String> untilHit(GatewayFixture gw, String body) throws InterruptedException {
        HttpResponse<String> r = null;
        for (int i = 0; i < 40; i++) {
            r = gw.chat(gw.key, body, "cache-control", "no-store");
            if ("hit".equals(r.headers().firstValue("x-paved-cache").orElse(""))) {
                return r;
            }
            Thread.sleep(50);
        }
        return r;
    }

    @Test
    void anAnswerStoredThroughOneReplicaIsAHitOnTheOther() throws InterruptedException {
        HttpResponse<String> stored = a.chat(a.key, ask("What is the tallest mountain in Europe?"));
        assertThat(stored.headers().firstValue("x-paved-cache")).hasValue("miss");

        // Until the published answer reaches b, b's polls miss (and go upstream without storing: no-store).
        HttpResponse<String> exact = untilHit(b, ask("What is the tallest mountain in Europe?"));
        assertThat(exact.headers().firstValue("x-paved-cache")).hasValue("hit");
        assertThat(exact.headers().firstValue("x-paved-cache-kind")).hasValue("exact");
        long upstream = b.fake.recentRequests().size();
        HttpResponse<String> similar = untilHit(b, ask("Which is the tallest mountain in Europe?"));
        assertThat(similar.headers().firstValue("x-paved-cache-kind")).hasValue("semantic");
        assertThat(b.fake.recentRequests().size()).isEqualTo(upstream);
        // Another tenant on the other replica still misses.
        GatewayFixture.TenantKey other = b.newTenant("shared-cache", "{\"name\":\"k\"}");
        assertThat(b.chat(other.key(), ask("What is the tallest mountain in Europe?")).headers().firstValue("x-paved-cache"))
                .hasValue("miss");
    }

    @Test
    void purgingATenantThroughOneReplicaPurgesItOnTheOthers() throws InterruptedException {
        String q = ask("How deep is the Mariana Trench?");
        a.chat(a.key, q);
        assertThat(untilHit(b, q).headers().firstValue("x-paved-cache")).hasValue("hit");

        HttpResponse<String> purged = a.delete("/admin/cache/tenants/" + a.tenantId, GatewayFixture.ADMIN_KEY);
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(a.chat(a.key, q, "cache-control", "no-store").headers().firstValue("x-paved-cache")).hasValue("miss");
        String onB = "hit";
        for (int i = 0; i < 40 && onB.equals("hit"); i++) {
            onB = b.chat(b.key, q, "cache-control", "no-store").headers().firstValue("x-paved-cache").orElse("");
            Thread.sleep(50);
        }
        assertThat(onB).as("b still served the purged tenant's answer after 2 s").isEqualTo("miss");
    }
}
