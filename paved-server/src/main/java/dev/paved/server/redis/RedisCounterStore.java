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

/**
 * The policy's counters in Redis, shared by every replica: an admission is one Lua script that checks
 * every counter and, only if all pass, bumps them; a release is another. Counters carry a TTL, so rate
 * windows and budget periods expire by themselves. Keys of one call are not hash-tagged: this targets a
 * single Redis (or a primary with replicas), not Redis Cluster.
 */
public final class RedisCounterStore implements CounterStore {
    static final LuaScript ACQUIRE = new LuaScript("""
            local n = #KEYS
            local values = {}
            local failed = 0
            for i = 1, n do
              local v = tonumber(redis.call('GET', KEYS[i]) or '0')
              values[i] = v
              if failed == 0 and v >= tonumber(ARGV[3 * i - 2]) then failed = i end
            end
            if failed == 0 then
              for i = 1, n do
                local inc = tonumber(ARGV[3 * i - 1])
                if inc ~= 0 then
                  values[i] = redis.call('INCRBY', KEYS[i], inc)
                  redis.call('PEXPIRE', KEYS[i], ARGV[3 * i])
                end
              end
            end
            local out = {failed}
            for i = 1, n do out[i + 1] = values[i] end
            return out
            """);
    static final LuaScript APPLY = new LuaScript("""
            for i = 1, #KEYS do
              local v = redis.call('INCRBY', KEYS[i], ARGV[2 * i - 1])
              if v < 0 then redis.call('SET', KEYS[i], 0) end
              redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
            end
            return #KEYS
            """);
    static final LuaScript SEED = new LuaScript("""
            local set = 0
            for i = 1, #KEYS do
              if redis.call('SET', KEYS[i], ARGV[i], 'NX', 'PX', ARGV[#KEYS + 1]) then set = set + 1 end
            end
            return set
            """);

    private final RedisSender redis;

    public RedisCounterStore(Redis redis) {
        this(redis::send);
    }

    public RedisCounterStore(RedisSender redis) {
        this.redis = redis;
    }

    @Override
    public Future<Verdict> acquire(List<Check> checks) {
        List<String> keys = new ArrayList<>(checks.size());
        List<String> args = new ArrayList<>(checks.size() * 3);
        for (Check c : checks) {
            keys.add(c.key());
            args.add(Long.toString(c.limit()));
            args.add(Long.toString(c.increment()));
            args.add(Long.toString(c.ttlMillis()));
        }
        return ACQUIRE.run(redis, keys, args).map(r -> {
            long[] values = new long[checks.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.get(i + 1).toLong();
            }
            return new Verdict(r.get(0).toInteger() - 1, values);
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
