package dev.paved.gateway.policy;

import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.core.Usage;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.TargetConfig;
import dev.paved.gateway.ledger.LedgerEntry;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Builders for policy tests: a clock to move, request contexts, ledger entries, and admit-and-wait. */
final class PolicyTesting {
    static final Map<String, AliasConfig> ALIASES = Map.of(
            "gpt", new AliasConfig("gpt", AliasKind.CHAT, List.of(new TargetConfig("oa", "big"), new TargetConfig("az", "big"))),
            "mini", new AliasConfig("mini", AliasKind.CHAT, List.of(new TargetConfig("oa", "small"))),
            "embed", new AliasConfig("embed", AliasKind.EMBEDDING, List.of(new TargetConfig("oa", "emb"))));

    final AtomicLong now = new AtomicLong(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
    final SwitchBoard switches = new SwitchBoard();
    final LocalCounterStore store = new LocalCounterStore(now::get);

    PolicyEngine engine(PolicyConfig config) {
        return engine(config, store);
    }

    PolicyEngine engine(PolicyConfig config, CounterStore counters) {
        TenantDirectory names = TenantDirectory.of(Map.of("tn_a", "a", "tn_b", "b", "tn_locked", "locked"));
        return new PolicyEngine(config, counters, switches, names, ALIASES, PolicyListener.NONE, now::get);
    }

    static RequestContext ctx(String tenant, String key, String feature) {
        return new RequestContext("req", "0".repeat(32), "0".repeat(16), tenant, key, feature, Set.of());
    }

    static AdmissionRequest chat(RequestContext ctx, String alias, boolean stream, TrafficClass cls) {
        return new AdmissionRequest(ctx, alias, AliasKind.CHAT, stream, 0, 0, cls);
    }

    static LedgerEntry entry(long in, long out, String cost) {
        return new LedgerEntry(Instant.now(), "req", "t", "tn_a", "key_a", null, "openai.chat", "gpt", "oa", "big", false,
                Usage.of(in, out), "provider", new BigDecimal(cost), 1, -1, 200, null, 1, List.of());
    }

    static Admission admit(TrafficPolicy p, AdmissionRequest r) {
        try {
            return p.admit(r).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PavedException refusal(TrafficPolicy p, AdmissionRequest r) {
        try {
            admit(p, r);
        } catch (PavedException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    static PolicyConfig limits(RateLimits tenant, RateLimits key) {
        return new PolicyConfig(tenant, key, Map.of(), Map.of(), Budget.NONE, Budget.NONE, Budget.NONE, Map.of(), Map.of(), Map.of(),
                null, Map.of(), Map.of());
    }
}
