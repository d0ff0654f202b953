package dev.paved.server.policy;

import dev.paved.gateway.policy.Consumption;
import dev.paved.gateway.policy.CounterStore;
import dev.paved.gateway.policy.LeasedCounterStore;
import dev.paved.gateway.policy.LocalCounterStore;
import dev.paved.gateway.policy.PolicyEngine;
import dev.paved.gateway.policy.SwitchBoard;
import dev.paved.gateway.policy.TargetSwitches;
import dev.paved.gateway.policy.TenantRules;
import dev.paved.gateway.policy.TrafficPolicy;
import dev.paved.gateway.resilience.BreakerBus;
import dev.paved.server.config.PavedConfig;
import dev.paved.server.db.Database;
import dev.paved.gateway.cache.CacheReplicator;
import dev.paved.server.redis.RedisBreakerBus;
import dev.paved.server.redis.RedisCacheReplicator;
import dev.paved.server.redis.RedisCounterStore;
import dev.paved.server.redis.RedisShared;
import dev.paved.server.store.SwitchStore;
import dev.paved.server.store.TenantStore;
import dev.paved.server.telemetry.PolicyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic policy as one replica runs it: counters in this process or, with {@code PAVED_REDIS_URL}, in
 * Redis; kill switches loaded from PostgreSQL and kept current by polling (and by Redis pub/sub); budget
 * totals seeded from the ledger; breaker transitions shared over Redis.
 */
public final class PolicyRuntime implements AutoCloseable {
    public static final String SWITCH_CHANNEL = "paved:switches";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRuntime.class);

    private final String replicaId = UUID.randomUUID().toString();
    private final SwitchBoard board = new SwitchBoard();
    private final RedisShared redis;
    private final CounterStore counters;
    private final SwitchWatcher watcher;
    private final BreakerBus breakers;
    private final CacheReplicator cacheReplicator;
    private final TenantRules tenantRules;
    private final TrafficPolicy policy;
    private final SwitchControl control;
    private final Consumption consumption;
    private final Vertx vertx;
    private final TenantNameCache names;
    private long heartbeatTimer = -1;
    private long sweepTimer = -1;
    private LeasedCounterStore leases;

    private PolicyRuntime(Vertx vertx, PavedConfig config, Database db, TenantStore tenants, MeterRegistry registry, RedisShared redis) throws Exception {
        this.redis = redis;
        if (redis == null) {
            this.counters = new LocalCounterStore();
        } else {
            RedisCounterStore shared = new RedisCounterStore(redis.client()::send, replicaId, RedisCounterStore.DEFAULT_ALIVE_MILLIS);
            shared.heartbeat().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            heartbeatTimer = vertx.setPeriodic(shared.aliveMillis() / 3, id -> shared.heartbeat()
                    .onSuccess(freed -> {
                        if (freed > 0) {
                            LOG.warn("Freed {} concurrency slot(s) held by a replica that stopped (no heartbeat for {} ms)", freed,
                                    shared.aliveMillis());
                        }
                    })
                    .onFailure(e -> LOG.warn("Redis heartbeat failed: {}", e.toString())));
            if (config.server().redisLeases()) {
                LeasedCounterStore leased = new LeasedCounterStore(shared, LeasedCounterStore.Settings.DEFAULT, System::currentTimeMillis);
                this.leases = leased;
                PolicyMetrics.leases(registry, leased);
                sweepTimer = vertx.setPeriodic(LeasedCounterStore.Settings.DEFAULT.bucketMillis(), id -> leased.sweep()
                        .onFailure(e -> LOG.warn("Could not give leases back to Redis: {}", e.toString())));
                this.counters = leased;
            } else {
                this.counters = shared;
            }
        }
        this.vertx = vertx;
        SwitchStore switches = new SwitchStore(db);
        this.watcher = new SwitchWatcher(vertx, switches, board).start();
        if (redis != null) {
            this.breakers = new RedisBreakerBus(redis.channels(), replicaId);
            this.cacheReplicator = new RedisCacheReplicator(redis.channels(), replicaId);
            redis.channels().on(SWITCH_CHANNEL, from -> {
                if (!from.equals(replicaId)) {
                    watcher.refreshNow();
                }
            });
            redis.channels().start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } else {
            this.breakers = BreakerBus.LOCAL;
            this.cacheReplicator = CacheReplicator.LOCAL;
        }
        this.names = new TenantNameCache(vertx, tenants).preload();
        this.tenantRules = new TenantRules(config.policy().tenantRules(), names);
        int seeded = BudgetSeeder.seed(db, counters, Instant.now());
        if (seeded > 0) {
            LOG.info("Seeded {} budget running totals from the ledger", seeded);
        }
        this.policy = new PolicyEngine(config.policy(), counters, board, names, config.gateway().aliases(), new PolicyMetrics(registry, board),
                System::currentTimeMillis);
        this.control = new SwitchControl(switches, tenants, config.gateway(), watcher::reloadNow, scope -> {
            if (redis != null) {
                redis.channels().publish(SWITCH_CHANNEL, replicaId);
            }
        });
        this.consumption = new Consumption(config.policy(), counters, System::currentTimeMillis);
    }

    /** Connects to Redis when configured, loads the switches and seeds budgets; blocking. */
    public static PolicyRuntime start(Vertx vertx, PavedConfig config, Database db, TenantStore tenants, MeterRegistry registry) throws Exception {
        String url = config.server().redisUrl();
        RedisShared redis = url == null ? null : RedisShared.connect(vertx, url);
        try {
            return new PolicyRuntime(vertx, config, db, tenants, registry, redis);
        } catch (Exception e) {
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    public TrafficPolicy policy() {
        return policy;
    }

    /** Tenant names by id: configuration keyed by tenant name (limits, tenant rules, guardrails) is matched through it. */
    public TenantNameCache tenantNames() {
        return names;
    }

    /** Model kill switches, for the router. */
    public TargetSwitches targetSwitches() {
        return board;
    }

    /** The kill switches in force, for callers that check them before serving anything (the RAG service). */
    public dev.paved.gateway.policy.SwitchBoard switches() {
        return board;
    }

    /** Whether the offline-cache-only switch is on for an alias (or for all). */
    public boolean cacheOnly(String alias) {
        return board.cacheOnly(alias);
    }

    /** Tenants' home regions and alias allow-lists, for the router. */
    public TenantRules tenantRules() {
        return tenantRules;
    }

    /** Breaker transitions between replicas (Redis pub/sub, or nothing to share). */
    public BreakerBus breakerBus() {
        return breakers;
    }

    /** Cached answers between replicas (Redis pub/sub, or nothing to share). */
    public CacheReplicator cacheReplicator() {
        return cacheReplicator;
    }

    public SwitchControl switchControl() {
        return control;
    }

    public Consumption consumption() {
        return consumption;
    }

    public boolean shared() {
        return redis != null;
    }

    @Override
    public void close() {
        watcher.close();
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (leases != null) {
            try {
                leases.giveBackAll().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Could not give leases back to Redis at shutdown (they expire with their counters): {}", e.toString());
            }
        }
        if (redis != null) {
            redis.close();
        }
    }
}
