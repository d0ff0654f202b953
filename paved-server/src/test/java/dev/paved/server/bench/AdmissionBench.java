package dev.paved.server.bench;

import dev.paved.core.RequestContext;
import dev.paved.core.Usage;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.TargetConfig;
import dev.paved.gateway.ledger.LedgerEntry;
import dev.paved.gateway.policy.Admission;
import dev.paved.gateway.policy.AdmissionRequest;
import dev.paved.gateway.policy.Budget;
import dev.paved.gateway.policy.CounterStore;
import dev.paved.gateway.policy.LeasedCounterStore;
import dev.paved.gateway.policy.LocalCounterStore;
import dev.paved.gateway.policy.PolicyConfig;
import dev.paved.gateway.policy.PolicyEngine;
import dev.paved.gateway.policy.PolicyListener;
import dev.paved.gateway.policy.RateLimits;
import dev.paved.gateway.policy.SwitchBoard;
import dev.paved.gateway.policy.TenantDirectory;
import dev.paved.gateway.policy.TrafficClass;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.server.redis.RedisCounterStore;
import dev.paved.server.redis.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What admission adds to a call: routing plus every limit check (key and tenant rates, token budget,
 * concurrency, tenant/key/feature daily and monthly budgets: 12 counters) and the release that charges the call, in this
 * process and against a local redis-server: with leases (as shipped) as fast as calls come, and at a steady 1,000 and 100 calls
 * a second; then one round trip per call (leases off), pooled and over one connection. Sequential calls, wall-clock per
 * call; prints p50/p90/p99 in µs.
 *
 * <p>Run with {@code bench/admission.sh}.
 */
public final class AdmissionBench {
    private static final int LOCAL_WARMUP = 300_000;
    private static final int LOCAL_SAMPLES = 300_000;
    private static final int REDIS_WARMUP = 20_000;
    private static final int REDIS_SAMPLES = 50_000;
    /** How long each paced run lasts: traffic at a steady rate, one call at a time. */
    private static final int PACED_SECONDS = 8;

    public static void main(String[] args) throws Exception {
        RateLimits wide = new RateLimits(1_000_000_000L, 1_000_000_000_000L, 1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L);
        Budget big = new Budget(new BigDecimal("1000000"), new BigDecimal("10000000"), null);
        PolicyConfig config = new PolicyConfig(wide, wide, Map.of(), Map.of(), big, big, big, Map.of(), Map.of(), Map.of(), null,
                Map.of("gpt", "mini"), Map.of());
        AliasConfig gpt = new AliasConfig("gpt", AliasKind.CHAT, List.of(new TargetConfig("oa", "big")));
        AliasConfig mini = new AliasConfig("mini", AliasKind.CHAT, List.of(new TargetConfig("oa", "small")));
        GatewayConfig gateway = new GatewayConfig(Map.of("oa", new ProviderConfig("oa", dev.paved.gateway.config.ProviderType.OPENAI,
                java.net.URI.create("http://127.0.0.1:1"), null, null, Map.of(), java.time.Duration.ofSeconds(30))),
                Map.of("gpt", gpt, "mini", mini), Map.of());
        AliasRouter router = new AliasRouter(gateway);
        RequestContext ctx = new RequestContext("req", "0".repeat(32), "0".repeat(16), "tn_bench", "key_bench", "search", Set.of());
        AdmissionRequest req = new AdmissionRequest(ctx, "gpt", AliasKind.CHAT, false, 0, 0, TrafficClass.INTERACTIVE);
        LedgerEntry entry = new LedgerEntry(Instant.now(), "req", "t", "tn_bench", "key_bench", "search", "openai.chat", "gpt", "oa", "big",
                false, Usage.of(20, 16), "provider", new BigDecimal("0.0000001"), 1, -1, 200, null, 1, List.of());

        System.out.println("admission = routing + 12 counter checks + release, sequential, one thread");
        PolicyEngine local = engine(config, new LocalCounterStore(), gateway);
        run("in-process", local, router, req, entry, LOCAL_WARMUP, LOCAL_SAMPLES);

        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.url()).setMaxPoolSize(8));
        try {
            for (int perSecond : new int[] {1_000, 100}) {
                long[] paced = new long[perSecond * PACED_SECONDS];
                paced(vertx, local, router, req, entry, 1_000 / perSecond, paced).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
                report("in-process @" + perSecond + "/s", paced);
            }
            LeasedCounterStore leases = new LeasedCounterStore(new RedisCounterStore(redis), LeasedCounterStore.Settings.DEFAULT,
                    System::currentTimeMillis);
            long sweeps = vertx.setPeriodic(LeasedCounterStore.Settings.DEFAULT.bucketMillis(), id -> leases.sweep());
            PolicyEngine leased = engine(config, leases, gateway);
            onEventLoop(vertx, leased, router, req, entry, REDIS_WARMUP, null).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            long[] leasedNanos = new long[REDIS_SAMPLES];
            onEventLoop(vertx, leased, router, req, entry, REDIS_SAMPLES, leasedNanos).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            report("redis-leases", leasedNanos);
            trips(leases, 0, 0);
            for (int perSecond : new int[] {1_000, 100}) {
                leases.giveBackAll().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                long here = leases.answeredHere();
                long asked = leases.askedStore();
                long[] paced = new long[perSecond * PACED_SECONDS];
                paced(vertx, leased, router, req, entry, 1_000 / perSecond, paced).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
                report("redis-leases @" + perSecond + "/s", paced);
                trips(leases, here, asked);
            }
            vertx.cancelTimer(sweeps);
            leases.giveBackAll().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

            PolicyEngine shared = engine(config, new RedisCounterStore(redis), gateway);
            onEventLoop(vertx, shared, router, req, entry, REDIS_WARMUP, null).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            long[] nanos = new long[REDIS_SAMPLES];
            onEventLoop(vertx, shared, router, req, entry, REDIS_SAMPLES, nanos).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            report("redis", nanos);
            io.vertx.redis.client.RedisConnection conn = redis.connect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            PolicyEngine pinned = engine(config, new RedisCounterStore(conn::send), gateway);
            onEventLoop(vertx, pinned, router, req, entry, REDIS_WARMUP, null).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            long[] pinnedNanos = new long[REDIS_SAMPLES];
            onEventLoop(vertx, pinned, router, req, entry, REDIS_SAMPLES, pinnedNanos).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            report("redis-1conn", pinnedNanos);
        } finally {
            redis.close();
            vertx.close();
        }
        System.exit(0);
    }

    private static PolicyEngine engine(PolicyConfig config, CounterStore store, GatewayConfig gateway) {
        return new PolicyEngine(config, store, new SwitchBoard(), TenantDirectory.NONE, gateway.aliases(), PolicyListener.NONE,
                System::currentTimeMillis);
    }

    private static void run(String name, PolicyEngine engine, AliasRouter router, AdmissionRequest req, LedgerEntry entry, int warmup,
                            int samples) throws Exception {
        for (int i = 0; i < warmup; i++) {
            once(engine, router, req, entry);
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            once(engine, router, req, entry);
            nanos[i] = System.nanoTime() - t0;
        }
        report(name, nanos);
    }

    /**
     * Admissions one after another on a Vert.x event loop, as the gateway runs them (no thread hand-off per
     * call); the release of each call runs in the background, as in the gateway.
     */
    private static Future<Void> onEventLoop(Vertx vertx, PolicyEngine engine, AliasRouter router, AdmissionRequest req, LedgerEntry entry,
                                            int count, long[] nanos) {
        Promise<Void> done = Promise.promise();
        vertx.runOnContext(v -> next(engine, router, req, entry, 0, count, nanos, done));
        return done.future();
    }

    private static void next(PolicyEngine engine, AliasRouter router, AdmissionRequest req, LedgerEntry entry, int from, int count, long[] nanos,
                             Promise<Void> done) {
        // an admission from leases completes at once: loop while they do, continue from the callback when one waits on Redis
        for (int i = from; i < count; i++) {
            long t0 = System.nanoTime();
            Future<Admission> f = engine.admit(req);
            if (!f.isComplete()) {
                int at = i;
                f.onComplete(ar -> {
                    if (finish(ar.failed() ? null : ar.result(), ar.cause(), router, req, entry, t0, at, nanos, done)) {
                        next(engine, router, req, entry, at + 1, count, nanos, done);
                    }
                });
                return;
            }
            if (!finish(f.failed() ? null : f.result(), f.cause(), router, req, entry, t0, i, nanos, done)) {
                return;
            }
        }
        done.complete();
    }

    private static boolean finish(Admission a, Throwable failure, AliasRouter router, AdmissionRequest req, LedgerEntry entry, long t0, int i,
                                  long[] nanos, Promise<Void> done) {
        if (a == null) {
            done.tryFail(failure);
            return false;
        }
        router.route(req.ctx(), a.alias(), AliasKind.CHAT);
        if (nanos != null) {
            nanos[i] = System.nanoTime() - t0;
        }
        a.release(entry);
        return true;
    }

    /** One admission every {@code periodMillis} on an event loop (a steady, lower rate: smaller leases, more trips). */
    private static Future<Void> paced(Vertx vertx, PolicyEngine engine, AliasRouter router, AdmissionRequest req, LedgerEntry entry,
                                      long periodMillis, long[] nanos) {
        Promise<Void> done = Promise.promise();
        int[] next = {0};
        vertx.runOnContext(v -> vertx.setPeriodic(periodMillis, id -> {
            int i = next[0]++;
            if (i >= nanos.length) {
                vertx.cancelTimer(id);
                done.tryComplete();
                return;
            }
            long t0 = System.nanoTime();
            engine.admit(req).onComplete(ar -> {
                if (!finish(ar.failed() ? null : ar.result(), ar.cause(), router, req, entry, t0, i, nanos, done)) {
                    vertx.cancelTimer(id);
                }
            });
        }));
        return done.future();
    }

    /** How many admissions since the given counts waited on Redis. */
    private static void trips(LeasedCounterStore leases, long hereBefore, long askedBefore) {
        long here = leases.answeredHere() - hereBefore;
        long asked = leases.askedStore() - askedBefore;
        System.out.printf("%-22s answered from leases: %d, asked Redis: %d (%.1f%%)%n", "", here, asked, 100.0 * asked / (here + asked));
    }

    private static void report(String name, long[] nanos) {
        int samples = nanos.length;
        Arrays.sort(nanos);
        System.out.printf("%-22s samples=%d  p50=%.1f µs  p90=%.1f µs  p99=%.1f µs%n", name, samples, nanos[samples / 2] / 1000.0,
                nanos[samples * 9 / 10] / 1000.0, nanos[samples * 99 / 100] / 1000.0);
    }

    private static void once(PolicyEngine engine, AliasRouter router, AdmissionRequest req, LedgerEntry entry) throws Exception {
        Admission a = engine.admit(req).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        router.route(req.ctx(), a.alias(), AliasKind.CHAT);
        a.release(entry);
    }
}
