package dev.paved.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.policy.CounterStore.Check;
import dev.paved.gateway.policy.CounterStore.Delta;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrency slots held by a replica that stops heartbeating are given back by the others; live replicas keep theirs. */
class HeldSlotsTest {
    private static final long ALIVE_MILLIS = 300;
    @RegisterExtension
    static final RedisTestClient client = new RedisTestClient();

    private static <T> T await(Future<T> f) throws Exception {
        return RedisTestClient.await(f, 5);
    }

    private static RedisCounterStore replica() {
        return new RedisCounterStore(client.redis::send, "test-" + UUID.randomUUID(), ALIVE_MILLIS);
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
        assertThat(await(client.redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HLEN).arg("paved:held:"
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

    @Test
    void slotsTakenAsALeaseAreFreedWholeWhenTheirReplicaStops() throws Exception {
        String slots = "paved:cc:tenant:" + UUID.randomUUID() + ":interactive:req";
        RedisCounterStore crashed = replica();
        RedisCounterStore survivor = replica();
        await(crashed.heartbeat());
        assertThat(await(crashed.acquire(List.of(new Check(slots, 100, 1, 10, 3_600_000)))).granted()).containsExactly(10);
        Thread.sleep(ALIVE_MILLIS + 100);
        assertThat(await(survivor.heartbeat())).isGreaterThanOrEqualTo(10);
        assertThat(await(survivor.read(List.of(slots)))).containsExactly(0);
    }
}
