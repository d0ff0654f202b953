package dev.paved.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.policy.CounterStore;
import dev.paved.gateway.policy.CounterStore.Check;
import dev.paved.gateway.policy.CounterStore.Delta;
import dev.paved.gateway.policy.LeasedCounterStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas spending leases from one real Redis at full speed, each on its own event loop: together they never
 * admit more than the limit, they make far fewer trips than calls, and once they give their leases back the counters
 * in Redis hold exactly what is in use.
 */
class LeasedRedisCountersTest {
    private static final int CALLS = 4_000;
    @RegisterExtension
    static final RedisTestClient client = new RedisTestClient();

    private static <T> T await(Future<T> f) throws Exception {
        return RedisTestClient.await(f, 60);
    }

    private record Replica(LeasedCounterStore store, AtomicInteger trips) {
    }

    private static Replica replica() {
        AtomicInteger trips = new AtomicInteger();
        RedisSender counting = r -> {
            trips.incrementAndGet();
            return client.redis.send(r);
        };
        RedisCounterStore shared = new RedisCounterStore(counting, "test-" + UUID.randomUUID(), RedisCounterStore.DEFAULT_ALIVE_MILLIS);
        return new Replica(new LeasedCounterStore(shared, LeasedCounterStore.Settings.DEFAULT, System::currentTimeMillis), trips);
    }

    /** {@code CALLS} admissions one after another on an event loop of its own; each takes a slot and gives it back. */
    private static Future<Integer> hammer(LeasedCounterStore store, List<Check> checks, Delta release) {
        Promise<Integer> done = Promise.promise();
        AtomicInteger admitted = new AtomicInteger();
        client.vertx.getOrCreateContext().runOnContext(v -> next(store, checks, release, 0, admitted, done));
        return done.future();
    }

    private static void next(LeasedCounterStore store, List<Check> checks, Delta release, int from, AtomicInteger admitted, Promise<Integer> done) {
        // leases answer at once: loop while they do, and continue from the callback when a call waits on Redis
        for (int call = from; call < CALLS; call++) {
            Future<CounterStore.Verdict> f = store.acquire(checks);
            if (!f.isComplete()) {
                int after = call + 1;
                f.onComplete(ar -> {
                    if (count(ar.failed() ? null : ar.result(), ar.cause(), store, release, admitted, done)) {
                        next(store, checks, release, after, admitted, done);
                    }
                });
                return;
            }
            if (!count(f.failed() ? null : f.result(), f.cause(), store, release, admitted, done)) {
                return;
            }
        }
        done.complete(admitted.get());
    }

    private static boolean count(CounterStore.Verdict v, Throwable failure, LeasedCounterStore store, Delta release, AtomicInteger admitted,
                                 Promise<Integer> done) {
        if (v == null) {
            done.tryFail(failure);
            return false;
        }
        if (v.admitted()) {
            admitted.incrementAndGet();
            store.apply(List.of(release));
        }
        return true;
    }

    /** A request-rate counter with {@code limit} and a pool of 64 slots, hammered by two replicas at once. */
    private record Run(String rate, String slots, List<Check> checks, Delta release, Replica a, Replica b, int admitted) {
        static Run of(long limit) throws Exception {
            String rate = "paved:rl:tenant:" + UUID.randomUUID() + ":req:1";
            String slots = "paved:cc:tenant:" + UUID.randomUUID() + ":interactive:req";
            List<Check> checks = List.of(new Check(rate, limit, 1, 120_000), new Check(slots, 64, 1, 3_600_000));
            Delta release = new Delta(slots, -1, 3_600_000);
            Replica a = replica();
            Replica b = replica();
            Future<Integer> fromA = hammer(a.store(), checks, release);
            Future<Integer> fromB = hammer(b.store(), checks, release);
            int admitted = await(fromA) + await(fromB);
            await(a.store().giveBackAll());
            await(b.store().giveBackAll());
            return new Run(rate, slots, checks, release, a, b, admitted);
        }
    }

    @Test
    void busyReplicasSpendLeasesAndGiveEverythingBack() throws Exception {
        Run run = Run.of(1_000_000);
        assertThat(run.admitted()).isEqualTo(2 * CALLS);
        assertThat(run.a().trips().get() + run.b().trips().get()).as("leases spare most trips").isLessThan(2 * CALLS / 4);
        long[] left = await(run.a().store().read(List.of(run.rate(), run.slots())));
        assertThat(left[0]).as("the window counts exactly the calls admitted").isEqualTo(run.admitted());
        assertThat(left[1]).as("no slot in use, none held in a lease").isZero();
    }

    @Test
    void replicasTogetherNeverAdmitMoreThanTheLimit() throws Exception {
        int limit = 3_000;
        Run run = Run.of(limit);
        int admitted = run.admitted();
        assertThat(admitted).isLessThanOrEqualTo(limit).isGreaterThan(limit / 2);
        assertThat(await(run.a().store().read(List.of(run.rate())))).containsExactly(admitted);
        // what leases held is usable again: the last units go one call at a time, up to exactly the limit
        LeasedCounterStore a = run.a().store();
        while (await(a.acquire(run.checks())).admitted()) {
            admitted++;
            await(a.apply(List.of(run.release())));
        }
        assertThat(admitted).isEqualTo(limit);
        await(a.giveBackAll());
        assertThat(await(a.read(List.of(run.rate(), run.slots())))).containsExactly(limit, 0);
    }
}
