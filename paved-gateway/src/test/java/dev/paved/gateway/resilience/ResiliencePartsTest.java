package dev.paved.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.config.ResilienceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class ResiliencePartsTest {
    private static ResilienceConfig config(int consecutive, int minimumCalls, Duration slo) {
        ResilienceConfig d = ResilienceConfig.DEFAULTS;
        return new ResilienceConfig(d.maxRetries(), d.retryBaseDelay(), d.retryMaxDelay(), d.retryBudgetRatio(), d.retryBudgetMinimum(),
                50, minimumCalls, 10, consecutive, Duration.ofMinutes(5), 1, slo);
    }

    @Test
    void retryBudgetAllowsTheMinimumThenARatioOfTraffic() {
        RetryBudget budget = new RetryBudget(0.25, 2);
        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.tryWithdraw()).isFalse();
        for (int i = 0; i < 3; i++) {
            budget.deposit();
        }
        assertThat(budget.tryWithdraw()).isFalse();
        budget.deposit();
        assertThat(budget.tryWithdraw()).isTrue();
        assertThat(budget.available()).isZero();
    }

    @Test
    void fullJitterStaysUnderTheCapAndHonoursRetryAfter() {
        for (int retry = 0; retry < 8; retry++) {
            long d = Backoff.delayMillis(retry, Duration.ofMillis(100), Duration.ofSeconds(1), -1);
            assertThat(d).isBetween(0L, Math.min(1000L, 100L << retry));
        }
        assertThat(Backoff.delayMillis(0, Duration.ofMillis(100), Duration.ofSeconds(2), 1500)).isBetween(1500L, 2000L);
        assertThat(Backoff.delayMillis(0, Duration.ofMillis(100), Duration.ofSeconds(2), 2001)).isEqualTo(-1);
        assertThat(Backoff.retryAfterMillis("2")).isEqualTo(2000);
        assertThat(Backoff.retryAfterMillis("0.5")).isEqualTo(500);
        assertThat(Backoff.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(-1);
        assertThat(Backoff.retryAfterMillis(null)).isEqualTo(-1);
    }

    @Test
    void consecutiveFailuresOpenTheBreakerAndOpenRefusesCalls() {
        List<String> announced = new ArrayList<>();
        TargetHealth h = new TargetHealth("oa/m", config(3, 100, Duration.ofSeconds(10)), (t, s) -> announced.add(t + "=" + s));
        for (int i = 0; i < 2; i++) {
            assertThat(h.tryAcquire()).isTrue();
            h.failed(1_000, new RuntimeException());
        }
        assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(h.tryAcquire()).isTrue();
        h.succeeded(1_000, 5);
        for (int i = 0; i < 3; i++) {
            assertThat(h.tryAcquire()).isTrue();
            h.failed(1_000, new RuntimeException());
        }
        assertThat(h.state()).isEqualTo(BreakerState.OPEN);
        assertThat(h.tryAcquire()).isFalse();
        assertThat(h.rejected()).isEqualTo(1);
        assertThat(announced).containsExactly("oa/m=OPEN");
    }

    @Test
    void peersTransitionsAreFollowedButNotAnnouncedAgain() {
        List<String> announced = new ArrayList<>();
        TargetHealth h = new TargetHealth("oa/m", config(3, 100, Duration.ofSeconds(10)), (t, s) -> announced.add(s.name()));
        h.applyPeer(BreakerState.OPEN);
        assertThat(h.state()).isEqualTo(BreakerState.OPEN);
        h.applyPeer(BreakerState.CLOSED);
        assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(announced).isEmpty();
        assertThat(h.transitions()).extracting(TargetHealth.Transition::fromPeer).containsOnly(true);
    }

    @Test
    void aTargetAboveItsLatencySloIsDegradedNotOpen() {
        TargetHealth h = new TargetHealth("oa/slow", config(3, 100, Duration.ofMillis(200)), (t, s) -> { });
        // The window recomputes its percentiles every 8 samples, so this reads them after sample 39.
        for (int i = 0; i < 40; i++) {
            h.tryAcquire();
            h.succeeded(1_000, i < 30 ? 50 : 900);
        }
        assertThat(h.latencyP95()).isEqualTo(900);
        assertThat(h.state()).isEqualTo(BreakerState.DEGRADED);
        assertThat(h.tryAcquire()).isTrue();
    }

    @Test
    void aBusCarriesTransitionsBetweenRegistries() {
        List<BiConsumer<String, BreakerState>> listeners = new ArrayList<>();
        BreakerBus shared = new BreakerBus() {
            @Override
            public void publish(String target, BreakerState state) {
                listeners.forEach(l -> l.accept(target, state));
            }

            @Override
            public void subscribe(BiConsumer<String, BreakerState> listener) {
                listeners.add(listener);
            }
        };
        HealthRegistry one = new HealthRegistry(config(1, 100, Duration.ofSeconds(10)), shared);
        HealthRegistry two = new HealthRegistry(config(1, 100, Duration.ofSeconds(10)), shared);
        one.of("oa/m").tryAcquire();
        one.of("oa/m").failed(1_000, new RuntimeException());
        assertThat(one.of("oa/m").state()).isEqualTo(BreakerState.OPEN);
        assertThat(two.of("oa/m").state()).isEqualTo(BreakerState.OPEN);
    }
}
