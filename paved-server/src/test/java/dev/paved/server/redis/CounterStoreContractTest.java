package dev.paved.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.policy.CounterStore;
import dev.paved.gateway.policy.CounterStore.Check;
import dev.paved.gateway.policy.CounterStore.Delta;
import dev.paved.gateway.policy.LocalCounterStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The in-process and the Redis counter stores answer every operation the same way. */
class CounterStoreContractTest {
    @RegisterExtension
    static final RedisTestClient client = new RedisTestClient();

    static Stream<CounterStore> stores() {
        return Stream.of(new LocalCounterStore(), new RedisCounterStore(client.redis));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return RedisTestClient.await(f, 5);
    }

    private static String key(String name) {
        return "paved:test:" + UUID.randomUUID() + ":" + name;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void checksPassBelowTheLimitAndChangeNothingWhenOneFails(CounterStore store) throws Exception {
        String a = key("a");
        String b = key("b");
        List<Check> checks = List.of(new Check(a, 2, 1, 60_000), new Check(b, 10, 0, 60_000));
        CounterStore.Verdict first = await(store.acquire(checks));
        assertThat(first.admitted()).isTrue();
        assertThat(first.values()).containsExactly(1, 0);
        assertThat(await(store.acquire(checks)).values()).containsExactly(2, 0);
        CounterStore.Verdict third = await(store.acquire(checks));
        assertThat(third.failed()).isZero();
        assertThat(third.values()).containsExactly(2, 0);

        String c = key("c");
        await(store.apply(List.of(new Delta(b, 10, 60_000))));
        CounterStore.Verdict blocked = await(store.acquire(List.of(new Check(c, 5, 1, 60_000), new Check(b, 10, 0, 60_000))));
        assertThat(blocked.failed()).isEqualTo(1);
        assertThat(await(store.read(List.of(c, b, key("absent"))))).containsExactly(0, 10, 0);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLeaseTakesAtMostAQuarterOfWhatIsLeftSoTheLastUnitsGoOneByOne(CounterStore store) throws Exception {
        String k = key("lease");
        CounterStore.Verdict first = await(store.acquire(List.of(new Check(k, 100, 1, 50, 60_000))));
        assertThat(first.granted()).containsExactly(25);
        assertThat(first.values()).containsExactly(25);
        assertThat(await(store.acquire(List.of(new Check(k, 100, 1, 50, 60_000)))).granted()).containsExactly(18);
        assertThat(await(store.acquire(List.of(new Check(k, 100, 1, 60_000)))).granted()).as("no lease asked").containsExactly(1);
        await(store.apply(List.of(new Delta(k, 55, 60_000))));
        CounterStore.Verdict last = await(store.acquire(List.of(new Check(k, 100, 1, 50, 60_000))));
        assertThat(last.granted()).containsExactly(1);
        assertThat(last.values()).containsExactly(100);
        CounterStore.Verdict refused = await(store.acquire(List.of(new Check(key("other"), 10, 1, 5, 60_000), new Check(k, 100, 1, 50, 60_000))));
        assertThat(refused.failed()).isEqualTo(1);
        assertThat(refused.granted()).containsExactly(0, 0);
        assertThat(refused.values()).containsExactly(0, 100);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void releasesNeverGoBelowZero(CounterStore store) throws Exception {
        String k = key("k");
        await(store.acquire(List.of(new Check(k, 5, 1, 60_000))));
        await(store.apply(List.of(new Delta(k, -1, 60_000), new Delta(k, -1, 60_000))));
        assertThat(await(store.read(List.of(k)))).containsExactly(0);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void seedSetsOnlyCountersThatDoNotExist(CounterStore store) throws Exception {
        String fresh = key("fresh");
        String counting = key("counting");
        await(store.apply(List.of(new Delta(counting, 7, 60_000))));
        await(store.seed(Map.of(fresh, 40L, counting, 100L), 60_000));
        assertThat(await(store.read(List.of(fresh, counting)))).containsExactly(40, 7);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void countersExpire(CounterStore store) throws Exception {
        String k = key("short");
        await(store.acquire(List.of(new Check(k, 5, 1, 50))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (await(store.read(List.of(k)))[0] != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(await(store.read(List.of(k)))).containsExactly(0);
    }
}
