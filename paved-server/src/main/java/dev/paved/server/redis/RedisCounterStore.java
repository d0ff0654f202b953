package dev.paved.server.redis;

import dev.paved.gateway.policy.CounterStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The policy's counters in Redis, shared by every replica: an admission is one Lua script that checks
 * every counter and, only if all pass, bumps them; a release is another. Counters carry a TTL, so rate
 * windows and budget periods expire by themselves. Keys of one call are not hash-tagged: this targets a
 * single Redis (or a primary with replicas), not Redis Cluster.
 *
 * <p>Concurrency slots must not outlive the replica that holds them. The same scripts keep, per replica, a hash of
 * the slots it holds ({@code paved:held:<replica>}); each replica proves it is alive with a key that expires unless
 * {@link #heartbeat()} renews it, and the heartbeat of any replica gives back the slots of replicas whose key has
 * expired. A replica that crashed with slots in use thus frees them within about one liveness period instead of
 * blocking its tenants until the counter's TTL.
 */
public final class RedisCounterStore implements CounterStore {
    /** Concurrency counters, whose increments are also recorded in the holding replica's hash. */
    static final String CONCURRENCY_PREFIX = "paved:cc:";
    static final String REPLICAS = "paved:replicas";
    /** How long a replica counts as alive after its last heartbeat; heartbeats come every third of it. */
    public static final long DEFAULT_ALIVE_MILLIS = 15_000;

    /**
     * KEYS: the counters, then this replica's held-slot hash. ARGV, four per counter: limit, increment, lease, TTL.
     * Returns the index of the first failed check (0 when all passed), every value, then what each counter grew by;
     * a grant is {@link CounterStore#grant}'s, computed the same way here with the same share.
     */
    static final LuaScript ACQUIRE = new LuaScript("""
            local n = #KEYS - 1
            local held = KEYS[#KEYS]
            local values = {}
            local grants = {}
            local failed = 0
            for i = 1, n do
              local v = tonumber(redis.call('GET', KEYS[i]) or '0')
              values[i] = v
              grants[i] = 0
              if failed == 0 and v >= tonumber(ARGV[4 * i - 3]) then failed = i end
            end
            if failed == 0 then
              for i = 1, n do
                local inc = tonumber(ARGV[4 * i - 2])
                local lease = tonumber(ARGV[4 * i - 1])
                if lease > inc then
                  inc = math.max(inc, math.min(lease, math.floor((tonumber(ARGV[4 * i - 3]) - values[i]) / LEASE_SHARE)))
                end
                grants[i] = inc
                if inc ~= 0 then
                  values[i] = redis.call('INCRBY', KEYS[i], inc)
                  redis.call('PEXPIRE', KEYS[i], ARGV[4 * i])
                  if string.sub(KEYS[i], 1, 9) == 'paved:cc:' then
                    redis.call('HINCRBY', held, KEYS[i], inc)
                    redis.call('PEXPIRE', held, ARGV[4 * i])
                  end
                end
              end
            end
            local out = {failed}
            for i = 1, n do out[i + 1] = values[i] end
            for i = 1, n do out[n + i + 1] = grants[i] end
            return out
            """.replace("LEASE_SHARE", Long.toString(CounterStore.LEASE_SHARE)));
    static final LuaScript APPLY = new LuaScript("""
            local held = KEYS[#KEYS]
            for i = 1, #KEYS - 1 do
              local v = redis.call('INCRBY', KEYS[i], ARGV[2 * i - 1])
              if v < 0 then redis.call('SET', KEYS[i], 0) end
              redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
              if string.sub(KEYS[i], 1, 9) == 'paved:cc:' then
                if redis.call('HINCRBY', held, KEYS[i], ARGV[2 * i - 1]) <= 0 then redis.call('HDEL', held, KEYS[i]) end
              end
            end
            return #KEYS - 1
            """);
    /**
     * KEYS: this replica's alive key, the replica set. ARGV: this replica's id, the alive period. Renews this replica,
     * then gives back every slot held by a replica whose alive key has expired and forgets that replica.
     */
    static final LuaScript HEARTBEAT = new LuaScript("""
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            local freed = 0
            for _, r in ipairs(redis.call('SMEMBERS', KEYS[2])) do
              if r ~= ARGV[1] and redis.call('EXISTS', 'paved:alive:' .. r) == 0 then
                local held = redis.call('HGETALL', 'paved:held:' .. r)
                for j = 1, #held, 2 do
                  local c = tonumber(held[j + 1])
                  if c > 0 then
                    if redis.call('DECRBY', held[j], c) < 0 then redis.call('SET', held[j], 0, 'KEEPTTL') end
                    freed = freed + c
                  end
                end
                redis.call('DEL', 'paved:held:' .. r)
                redis.call('SREM', KEYS[2], r)
              end
            end
            return freed
            """);
    static final LuaScript SEED = new LuaScript("""
            local set = 0
            for i = 1, #KEYS do
              if redis.call('SET', KEYS[i], ARGV[i], 'NX', 'PX', ARGV[#KEYS + 1]) then set = set + 1 end
            end
            return set
            """);

    private final RedisSender redis;
    private final String replicaId;
    private final String held;
    private final long aliveMillis;

    /** A store for one replica with a fresh id and the default liveness period. */
    public RedisCounterStore(Redis redis) {
        this(redis::send, UUID.randomUUID().toString(), DEFAULT_ALIVE_MILLIS);
    }

    public RedisCounterStore(RedisSender redis) {
        this(redis, UUID.randomUUID().toString(), DEFAULT_ALIVE_MILLIS);
    }

    /**
     * @param replicaId   this replica, as the other replicas and the held-slot hash know it
     * @param aliveMillis how long a heartbeat keeps this replica alive; call {@link #heartbeat()} at least every third of it
     */
    public RedisCounterStore(RedisSender redis, String replicaId, long aliveMillis) {
        this.redis = redis;
        this.replicaId = replicaId;
        this.held = "paved:held:" + replicaId;
        this.aliveMillis = aliveMillis;
    }

    /** Renews this replica's liveness and frees the concurrency slots of replicas that stopped renewing; returns how many. */
    public Future<Long> heartbeat() {
        return HEARTBEAT.run(redis, List.of("paved:alive:" + replicaId, REPLICAS), List.of(replicaId, Long.toString(aliveMillis)))
                .map(Response::toLong);
    }

    public long aliveMillis() {
        return aliveMillis;
    }

    String replicaId() {
        return replicaId;
    }

    @Override
    public Future<Verdict> acquire(List<Check> checks) {
        List<String> keys = new ArrayList<>(checks.size());
        List<String> args = new ArrayList<>(checks.size() * 4);
        for (Check c : checks) {
            keys.add(c.key());
            args.add(Long.toString(c.limit()));
            args.add(Long.toString(c.increment()));
            args.add(Long.toString(c.lease()));
            args.add(Long.toString(c.ttlMillis()));
        }
        keys.add(held);
        int n = checks.size();
        return ACQUIRE.run(redis, keys, args).map(r -> {
            long[] values = new long[n];
            long[] granted = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.get(i + 1).toLong();
                granted[i] = r.get(n + i + 1).toLong();
            }
            return new Verdict(r.get(0).toInteger() - 1, values, granted);
        });
    }

    @Override
    public Future<Void> apply(List<Delta> deltas) {
        List<String> keys = new ArrayList<>(deltas.size());
        List<String> args = new ArrayList<>(deltas.size() * 2);
        for (Delta d : deltas) {
            keys.add(d.key());
            args.add(Long.toString(d.amount()));
            args.add(Long.toString(d.ttlMillis()));
        }
        keys.add(held);
        return APPLY.run(redis, keys, args).mapEmpty();
    }

    @Override
    public Future<long[]> read(List<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(new long[0]);
        }
        Request mget = Request.cmd(Command.MGET);
        keys.forEach(mget::arg);
        return redis.send(mget).map(r -> {
            long[] values = new long[keys.size()];
            for (int i = 0; i < values.length; i++) {
                Response v = r.get(i);
                values[i] = v == null ? 0 : Long.parseLong(v.toString());
            }
            return values;
        });
    }

    @Override
    public Future<Void> seed(Map<String, Long> values, long ttlMillis) {
        if (values.isEmpty()) {
            return Future.succeededFuture();
        }
        List<String> keys = new ArrayList<>(values.keySet());
        List<String> args = new ArrayList<>(keys.size() + 1);
        keys.forEach(k -> args.add(Long.toString(values.get(k))));
        args.add(Long.toString(ttlMillis));
        return SEED.run(redis, keys, args).mapEmpty();
    }
}
