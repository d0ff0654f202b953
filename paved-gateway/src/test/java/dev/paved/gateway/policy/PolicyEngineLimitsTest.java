package dev.paved.gateway.policy;

import static dev.paved.gateway.policy.PolicyTesting.admit;
import static dev.paved.gateway.policy.PolicyTesting.chat;
import static dev.paved.gateway.policy.PolicyTesting.ctx;
import static dev.paved.gateway.policy.PolicyTesting.entry;
import static dev.paved.gateway.policy.PolicyTesting.limits;
import static dev.paved.gateway.policy.PolicyTesting.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEngineLimitsTest {
    private final PolicyTesting t = new PolicyTesting();
    private final RequestContext a = ctx("tn_a", "key_a", null);

    @Test
    void requestsPerMinuteAdmitExactlyTheLimitThenRefuseUntilTheNextMinute() {
        TrafficPolicy p = t.engine(limits(RateLimits.NONE, new RateLimits(3L, null, null, null, null, null)));
        for (int i = 0; i < 3; i++) {
            Admission ad = admit(p, chat(a, "gpt", false, TrafficClass.INTERACTIVE));
            assertThat(ad.headers()).containsEntry("x-ratelimit-limit-requests", "3")
                    .containsEntry("x-ratelimit-remaining-requests", Integer.toString(2 - i))
                    .containsEntry("x-ratelimit-reset-requests", "1m0s");
            ad.release(entry(1, 1, "0"));
        }
        t.now.addAndGet(20_000);
        PavedException e = refusal(p, chat(a, "gpt", false, TrafficClass.INTERACTIVE));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.headers()).containsEntry("retry-after", "40").containsEntry("x-ratelimit-remaining-requests", "0");
        assertThat(e.getMessage()).contains("your API key").contains("3 requests per minute");
        // another key of the same tenant has its own count
        admit(p, chat(ctx("tn_a", "key_b", null), "gpt", false, TrafficClass.INTERACTIVE));
        t.now.addAndGet(40_000);
        assertThat(admit(p, chat(a, "gpt", false, TrafficClass.INTERACTIVE)).headers()).containsEntry("x-ratelimit-remaining-requests", "2");
    }

    @Test
    void tenantLimitCountsAllItsKeys() {
        TrafficPolicy p = t.engine(limits(new RateLimits(2L, null, null, null, null, null), new RateLimits(10L, null, null, null, null, null)));
        admit(p, chat(ctx("tn_a", "key_1", null), "gpt", false, null));
        Admission second = admit(p, chat(ctx("tn_a", "key_2", null), "gpt", false, null));
        // the tighter of the two scopes is reported
        assertThat(second.headers()).containsEntry("x-ratelimit-limit-requests", "2").containsEntry("x-ratelimit-remaining-requests", "0");
        PavedException e = refusal(p, chat(ctx("tn_a", "key_3", null), "gpt", false, null));
        assertThat(e.getMessage()).contains("your tenant");
        admit(p, chat(ctx("tn_b", "key_4", null), "gpt", false, null));
    }

    @Test
    void tokensPerMinuteAdmitWhileBelowAndChargeRealTokensAtRelease() {
        TrafficPolicy p = t.engine(limits(RateLimits.NONE, new RateLimits(null, 100L, null, null, null, null)));
        Admission first = admit(p, chat(a, "gpt", false, null));
        assertThat(first.headers()).containsEntry("x-ratelimit-remaining-tokens", "100");
        first.release(entry(50, 10, "0"));
        Admission second = admit(p, chat(a, "gpt", false, null));
        assertThat(second.headers()).containsEntry("x-ratelimit-remaining-tokens", "40");
        second.release(entry(30, 10, "0"));
        second.release(entry(30, 10, "0")); // a second release changes nothing
        PavedException e = refusal(p, chat(a, "gpt", false, null));
        assertThat(e.getMessage()).contains("100 tokens per minute");
        assertThat(e.headers()).containsEntry("x-ratelimit-remaining-tokens", "0");
    }

    @Test
    void aCallThatEndsInTheNextMinuteChargesItsTokensToThatMinute() {
        TrafficPolicy p = t.engine(limits(RateLimits.NONE, new RateLimits(null, 100L, null, null, null, null)));
        t.now.set(java.time.Instant.parse("2026-11-23T10:00:59.900Z").toEpochMilli());
        Admission spanning = admit(p, chat(a, "gpt", false, null));
        t.now.addAndGet(200);
        spanning.release(entry(70, 0, "0"));
        assertThat(admit(p, chat(a, "gpt", false, null)).headers()).as("charged to 10:01").containsEntry("x-ratelimit-remaining-tokens", "30");
        t.now.set(java.time.Instant.parse("2026-11-23T10:01:30Z").toEpochMilli());
        Admission within = admit(p, chat(a, "gpt", false, null));
        t.now.addAndGet(1_000);
        within.release(entry(20, 0, "0"));
        assertThat(admit(p, chat(a, "gpt", false, null)).headers()).containsEntry("x-ratelimit-remaining-tokens", "10");
    }

    @Test
    void exactlyAtTheTokenLimitIsRefused() {
        TrafficPolicy p = t.engine(limits(RateLimits.NONE, new RateLimits(null, 100L, null, null, null, null)));
        admit(p, chat(a, "gpt", false, null)).release(entry(99, 0, "0"));
        admit(p, chat(a, "gpt", false, null)).release(entry(1, 0, "0"));
        assertThat(refusal(p, chat(a, "gpt", false, null)).code()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void batchHasItsOwnConcurrencySoItNeverTakesInteractiveSlots() {
        TrafficPolicy p = t.engine(limits(RateLimits.NONE, new RateLimits(null, null, 1L, null, 1L, null)));
        Admission chat = admit(p, chat(a, "gpt", false, TrafficClass.INTERACTIVE));
        PavedException e = refusal(p, chat(a, "gpt", false, TrafficClass.INTERACTIVE));
        assertThat(e.code()).isEqualTo("concurrency_limit_exceeded");
        assertThat(e.headers()).containsEntry("retry-after", "1");
        Admission batch = admit(p, chat(a, "gpt", false, TrafficClass.BATCH));
        assertThat(refusal(p, chat(a, "gpt", false, TrafficClass.BATCH)).getMessage()).contains("batch");
        chat.release(entry(0, 0, "0"));
        admit(p, chat(a, "gpt", false, TrafficClass.INTERACTIVE));
        batch.release(null);
        admit(p, chat(a, "gpt", false, TrafficClass.BATCH));
    }

    @Test
    void streamsHaveTheirOwnConcurrencyLimit() {
        TrafficPolicy p = t.engine(limits(new RateLimits(null, null, 5L, 1L, null, null), RateLimits.NONE));
        Admission stream = admit(p, chat(a, "gpt", true, null));
        assertThat(refusal(p, chat(a, "gpt", true, null)).getMessage()).contains("streams").contains("your tenant");
        admit(p, chat(a, "gpt", false, null));
        stream.release(entry(1, 1, "0"));
        admit(p, chat(a, "gpt", true, null));
    }

    @Test
    void aRefusedCallReservesNothing() {
        TrafficPolicy p = t.engine(limits(new RateLimits(null, null, 1L, null, null, null), new RateLimits(2L, null, null, null, null, null)));
        Admission held = admit(p, chat(a, "gpt", false, null));
        refusal(p, chat(a, "gpt", false, null)); // the tenant's slot is taken; the key's request count must not grow
        held.release(null);
        admit(p, chat(a, "gpt", false, null));
        assertThat(refusal(p, chat(a, "gpt", false, null)).code()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void perKeyAndPerTenantOverridesReplaceOnlyTheirFields() {
        RateLimits defaults = new RateLimits(1L, 1000L, null, null, null, null);
        PolicyConfig config = new PolicyConfig(RateLimits.NONE, defaults, Map.of(), Map.of("key_vip", new RateLimits(2L, null, null, null, null, null)),
                Budget.NONE, Budget.NONE, Budget.NONE, Map.of(), Map.of(), Map.of(), null, Map.of(), Map.of());
        assertThat(config.limitsOfKey("key_vip")).isEqualTo(new RateLimits(2L, 1000L, null, null, null, null));
        TrafficPolicy p = t.engine(config);
        RequestContext vip = ctx("tn_a", "key_vip", null);
        admit(p, chat(vip, "gpt", false, null));
        admit(p, chat(vip, "gpt", false, null));
        refusal(p, chat(vip, "gpt", false, null));
    }
}
