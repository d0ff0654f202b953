package dev.paved.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.OverflowPolicy;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.config.ResilienceConfig;
import dev.paved.gateway.config.RoutingStrategy;
import dev.paved.gateway.config.TargetConfig;
import dev.paved.gateway.config.TargetTimeouts;
import dev.paved.gateway.resilience.BreakerBus;
import dev.paved.gateway.resilience.HealthRegistry;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutePlanTest {
    private static TargetConfig target(String model, int weight, String region, int window) {
        return new TargetConfig("oa", model, weight, "mid", region, window, TargetTimeouts.NONE);
    }

    private static AliasConfig alias(String name, RoutingStrategy strategy, OverflowPolicy overflow, TargetConfig... targets) {
        return new AliasConfig(name, AliasKind.CHAT, List.of(targets), strategy, overflow);
    }

    private final GatewayConfig config = new GatewayConfig(
            Map.of("oa", new ProviderConfig("oa", ProviderType.OPENAI, URI.create("http://x/v1"), "k", null, null, null)),
            Map.of("chain", alias("chain", RoutingStrategy.FALLBACK, OverflowPolicy.REJECT, target("a", 1, "eu", 0), target("b", 1, "us", 0),
                            target("c", 1, "eu", 0)),
                    "ab", alias("ab", RoutingStrategy.AB, OverflowPolicy.REJECT, target("x", 1, null, 0), target("y", 1, null, 0)),
                    "lb", alias("lb", RoutingStrategy.WEIGHTED, OverflowPolicy.REJECT, target("p", 3, null, 0), target("q", 1, null, 0)),
                    "windows", alias("windows", RoutingStrategy.FALLBACK, OverflowPolicy.REJECT, target("small", 1, null, 100),
                            target("big", 1, null, 1000)),
                    "cut", alias("cut", RoutingStrategy.FALLBACK, OverflowPolicy.TRUNCATE, target("s1", 1, null, 100),
                            target("s2", 1, null, 300))),
            Map.of());
    private final Map<String, String> regions = new HashMap<>();
    private final Set<String> killed = new java.util.HashSet<>();
    private final HealthRegistry health = new HealthRegistry(ResilienceConfig.DEFAULTS, BreakerBus.LOCAL);
    private final AliasRouter router = new AliasRouter(config, t -> killed.contains(t.model()), regions::get, health);

    private static RequestContext ctx(String tenant) {
        return new RequestContext("r", "t".repeat(32), "s".repeat(16), tenant, "key_a", null, Set.of());
    }

    private List<String> models(RoutePlan plan) {
        return plan.candidates().stream().map(r -> r.target().model()).toList();
    }

    @Test
    void fallbackKeepsTheListedOrder() {
        assertThat(models(router.plan(ctx("tn_1"), "chain", AliasKind.CHAT, () -> 10, 0))).containsExactly("a", "b", "c");
    }

    @Test
    void homeRegionLimitsTargetsAndNeverCrossesIt() {
        regions.put("tn_eu", "eu");
        RoutePlan plan = router.plan(ctx("tn_eu"), "chain", AliasKind.CHAT, () -> 10, 0);
        assertThat(models(plan)).containsExactly("a", "c");
        assertThat(plan.decisions()).contains("skip:oa/b:region");
        regions.put("tn_apac", "apac");
        assertThatThrownBy(() -> router.plan(ctx("tn_apac"), "chain", AliasKind.CHAT, () -> 10, 0))
                .isInstanceOfSatisfying(PavedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION);
                    assertThat(e.code()).isEqualTo("no_target_in_region");
                });
    }

    @Test
    void killedTargetsAreSkippedAndAllKilledIsUnavailable() {
        killed.add("a");
        assertThat(models(router.plan(ctx("tn_1"), "chain", AliasKind.CHAT, () -> 10, 0))).containsExactly("b", "c");
        killed.addAll(List.of("b", "c"));
        assertThatThrownBy(() -> router.plan(ctx("tn_1"), "chain", AliasKind.CHAT, () -> 10, 0))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.code()).isEqualTo("model_disabled"));
    }

    @Test
    void abIsStablePerTenantAndSplitsTenants() {
        Map<String, Integer> variants = new HashMap<>();
        for (int t = 0; t < 200; t++) {
            String tenant = "tn_" + t;
            RoutePlan first = router.plan(ctx(tenant), "ab", AliasKind.CHAT, () -> 10, 0);
            for (int i = 0; i < 5; i++) {
                assertThat(router.plan(ctx(tenant), "ab", AliasKind.CHAT, () -> 10, 0).variant()).isEqualTo(first.variant());
            }
            assertThat(first.decisions()).contains("variant:" + first.variant());
            assertThat(models(first)).hasSize(2);
            variants.merge(first.variant(), 1, Integer::sum);
        }
        assertThat(variants.get("oa/x")).isBetween(70, 130);
        assertThat(variants.get("oa/y")).isBetween(70, 130);
    }

    @Test
    void weightedDrawsThePrimaryInProportion() {
        int p = 0;
        for (int i = 0; i < 4000; i++) {
            List<String> m = models(router.plan(ctx("tn_1"), "lb", AliasKind.CHAT, () -> 10, 0));
            assertThat(m).containsExactlyInAnyOrder("p", "q");
            p += m.get(0).equals("p") ? 1 : 0;
        }
        assertThat(p).isBetween(2800, 3200);
    }

    @Test
    void contextWindowSkipsSmallTargetsCountingTheAnswerBudget() {
        assertThat(models(router.plan(ctx("tn_1"), "windows", AliasKind.CHAT, () -> 90, 0))).containsExactly("small", "big");
        RoutePlan plan = router.plan(ctx("tn_1"), "windows", AliasKind.CHAT, () -> 90, 20);
        assertThat(models(plan)).containsExactly("big");
        assertThat(plan.decisions()).contains("skip:oa/small:context");
        assertThat(plan.promptBudget()).isZero();
        assertThatThrownBy(() -> router.plan(ctx("tn_1"), "windows", AliasKind.CHAT, () -> 990, 20))
                .isInstanceOfSatisfying(PavedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.code()).isEqualTo("context_length_exceeded");
                });
    }

    @Test
    void truncatePolicyPlansForTheLargestWindow() {
        RoutePlan plan = router.plan(ctx("tn_1"), "cut", AliasKind.CHAT, () -> 500, 50);
        assertThat(models(plan)).containsExactly("s2");
        assertThat(plan.promptBudget()).isEqualTo(250);
        assertThat(plan.decisions()).contains("truncate:250");
    }

    @Test
    void openTargetsGoLast() {
        for (int i = 0; i < 5; i++) {
            health.of("oa/a").tryAcquire();
            health.of("oa/a").failed(1_000_000, new RuntimeException("x"));
        }
        RoutePlan plan = router.plan(ctx("tn_1"), "chain", AliasKind.CHAT, () -> 10, 0);
        assertThat(models(plan)).containsExactly("b", "c", "a");
        assertThat(plan.decisions()).contains("deprioritize:oa/a:open");
    }
}
