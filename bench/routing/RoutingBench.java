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
import dev.paved.gateway.resilience.TargetHealth;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.gateway.route.RoutePlan;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-process cost of the routing decisions on one call: plan the alias (strategy, region, switches,
 * health order) and take and settle the first target's breaker permission, as ChatCall does. Reports
 * p50/p99 per call over batches of 1000 calls, for a one-target alias and a three-target A/B alias with
 * a home region and a context-window check.
 */
public class RoutingBench {
    public static void main(String[] args) {
        ProviderConfig oa = new ProviderConfig("oa", ProviderType.OPENAI, URI.create("http://127.0.0.1:1/v1"), "k", null, null, null);
        TargetConfig a = new TargetConfig("oa", "a", 1, "frontier", "eu", 128_000, TargetTimeouts.NONE);
        TargetConfig b = new TargetConfig("oa", "b", 1, "frontier", "eu", 200_000, TargetTimeouts.NONE);
        TargetConfig c = new TargetConfig("oa", "c", 1, "mid", "us", 32_000, TargetTimeouts.NONE);
        GatewayConfig config = new GatewayConfig(Map.of("oa", oa), Map.of(
                "one", new AliasConfig("one", AliasKind.CHAT, List.of(new TargetConfig("oa", "solo", 1, null, "eu", 0, TargetTimeouts.NONE))),
                "three", new AliasConfig("three", AliasKind.CHAT, List.of(a, b, c), RoutingStrategy.AB, OverflowPolicy.REJECT)), Map.of());
        HealthRegistry health = new HealthRegistry(ResilienceConfig.DEFAULTS, BreakerBus.LOCAL);
        AliasRouter router = new AliasRouter(config, t -> false, tenant -> "eu", health);
        for (String alias : List.of("one", "three")) {
            run(router, health, alias, 200, false);
            long[] perCall = run(router, health, alias, 2000, true);
            Arrays.sort(perCall);
            System.out.printf("%-6s p50 %6.2f us  p99 %6.2f us  (per call, %d batches of 1000)%n", alias,
                    perCall[perCall.length / 2] / 1000.0, perCall[(int) (perCall.length * 0.99)] / 1000.0, perCall.length);
        }
    }

    private static long[] run(AliasRouter router, HealthRegistry health, String alias, int batches, boolean keep) {
        long[] out = new long[batches];
        long sink = 0;
        for (int i = 0; i < batches; i++) {
            long t0 = System.nanoTime();
            for (int j = 0; j < 1000; j++) {
                RequestContext ctx = new RequestContext("r", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "tn_" + (j & 63),
                        "key_1", null, Set.of());
                RoutePlan plan = router.plan(ctx, alias, AliasKind.CHAT, () -> 1200, 256);
                TargetHealth h = health.of(plan.candidates().get(0).target());
                if (h.tryAcquire()) {
                    h.succeeded(250_000_000L, 250);
                }
                sink += plan.decisions().size();
            }
            out[i] = (System.nanoTime() - t0) / 1000;
        }
        if (sink == 42) {
            System.out.println();
        }
        return out;
    }
}
