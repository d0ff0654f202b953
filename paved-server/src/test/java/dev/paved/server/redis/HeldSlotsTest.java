package dev.paved.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.policy.CounterStore.Check;
import dev.paved.gateway.policy.CounterStore.Delta;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrency slots held by a replica that stops heartbeating are given back by the others; live replicas keep theirs. */
class HeldSlotsTest {
    private static final long ALIVE_MILLIS = 300;
    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, TestRedis.url());
    }

    @AfterAll
    static void stop() {
        redis.close();
        vertx.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static RedisCounterStore replica() {
        return new RedisCounterStore(redis::send, "test-" + UUID.randomUUID(), ALIVE_MILLIS);
    }

    @Test
    void slotsOfAStoppedReplicaAreFreedAndALiveReplicasAreKept() throws Exception {
        String slots = "paved:cc:tenant:" + UUID.randomUUID() + ":interactive:req";
        String rate = "paved:rl:tenant:" + UUID.randomUUID() + ":req:1";
        List<Check> oneSlot = List.of(new Check(slots, 3, 1, 3_600_000), new Check(rate, 1_000, 1, 120_000));
        RedisCounterStore crashed = replica();
        RedisCounterStore survivor = replica();
        await(crashed.heartbeat());
        await(survivor.heartbeat());
        assertThat(await(crashed.acquire(oneSlot)).admitted()).isTrue();
        assertThat(await(crashed.acquire(oneSlot)).admitted()).isTrue();
        assertThat(await(survivor.acquire(oneSlot)).admitted()).isTrue();
        assertThat(await(survivor.acquire(oneSlot)).admitted()).as("all three slots are taken").isFalse();

        // The survivor keeps renewing; the other replica goes quiet (as if it crashed) past its liveness period.
        for (int i = 0; i < 4; i++) {
            Thread.sleep(ALIVE_MILLIS / 2);
            await(survivor.heartbeat());
        }
        assertThat(await(survivor.read(List.of(slots, rate)))).as("only the survivor's slot is still held; rate counts stay")
                .containsExactly(1, 3);
        assertThat(await(survivor.acquire(oneSlot)).admitted()).isTrue();
        assertThat(await(survivor.acquire(oneSlot)).admitted()).isTrue();
        assertThat(await(survivor.acquire(oneSlot)).admitted()).isFalse();

        // Releases track the holder's share: after the survivor gives back its three slots, none are held.
        await(survivor.apply(List.of(new Delta(slots, -1, 3_600_000), new Delta(slots, -1, 3_600_000), new Delta(slots, -1, 3_600_000))));
        assertThat(await(survivor.read(List.of(slots)))).containsExactly(0);
        assertThat(await(redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HLEN).arg("paved:held:"
                + survivor.replicaId()))).toInteger()).isZero();
    }

    @Test
    void aHeartbeatReportsTheSlotsItFreed() throws Exception {
        String slots = "paved:cc:key:" + UUID.randomUUID() + ":batch:stream";
        RedisCounterStore crashed = replica();
        RedisCounterStore survivor = replica();
        await(crashed.heartbeat());
        await(crashed.acquire(List.of(new Check(slots, 10, 1, 3_600_000))));
        await(crashed.acquire(List.of(new Check(slots, 10, 1, 3_600_000))));
        Thread.sleep(ALIVE_MILLIS + 100);
        assertThat(await(survivor.heartbeat())).isGreaterThanOrEqualTo(2);
        assertThat(await(survivor.read(List.of(slots)))).containsExactly(0);
    }
}
