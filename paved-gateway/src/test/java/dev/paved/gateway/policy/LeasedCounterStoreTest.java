package dev.paved.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.policy.CounterStore.Check;
import dev.paved.gateway.policy.CounterStore.Delta;
import dev.paved.gateway.policy.CounterStore.Verdict;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeasedCounterStoreTest {
    private static final long TTL = 120_000;
    private static final LeasedCounterStore.Settings SETTINGS = LeasedCounterStore.Settings.DEFAULT;

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final Shared shared = new Shared(new LocalCounterStore(now::get));

    /** The store every replica shares, counting the trips made to it. */
    private static final class Shared implements CounterStore {
        final LocalCounterStore inner;
        int acquires;
        boolean down;

        Shared(LocalCounterStore inner) {
            this.inner = inner;
        }

        @Override
        public Future<Verdict> acquire(List<Check> checks) {
            acquires++;
            return down ? Future.failedFuture(new IllegalStateException("store down")) : inner.acquire(checks);
        }

        @Override
        public Future<Void> apply(List<Delta> deltas) {
            return inner.apply(deltas);
        }

        @Override
        public Future<long[]> read(List<String> keys) {
            return inner.read(keys);
        }

        @Override
        public Future<Void> seed(Map<String, Long> values, long ttlMillis) {
            return inner.seed(values, ttlMillis);
        }

        long value(String key) {
            return inner.read(List.of(key)).result()[0];
        }
    }

    private LeasedCounterStore replica() {
        return new LeasedCounterStore(shared, SETTINGS, now::get);
    }

    private static Verdict admit(LeasedCounterStore s, Check... checks) {
        Future<Verdict> f = s.acquire(List.of(checks));
        assertThat(f.isComplete()).isTrue();
        return f.result();
    }

    /** Makes {@code key} busy on {@code s}: enough calls in one window, then the clock moves to the next window. */
    private void warm(LeasedCounterStore s, Check check, int calls) {
        now.set(now.get() - Math.floorMod(now.get(), SETTINGS.bucketMillis()));
        for (int i = 0; i < calls; i++) {
            assertThat(admit(s, check).admitted()).isTrue();
        }
        now.addAndGet(SETTINGS.bucketMillis());
    }

    /** Busy on {@code s} for the next window too: a warm window, then ten calls in the current one. */
    private void keepBusy(LeasedCounterStore s, Check check) {
        warm(s, check, 10);
        tenCalls(s, check);
    }

    private static void tenCalls(LeasedCounterStore s, Check check) {
        for (int i = 0; i < 10; i++) {
            admit(s, check);
        }
    }

    @Test
    void aQuietCounterTakesExactlyWhatItNeedsFromTheStoreEveryTime() {
        LeasedCounterStore a = replica();
        Check rpm = new Check("rpm", 5, 1, TTL);
        for (int i = 1; i <= 5; i++) {
            Verdict v = admit(a, rpm);
            assertThat(v.admitted()).isTrue();
            assertThat(v.values()).containsExactly(i);
            now.addAndGet(40);
        }
        assertThat(admit(a, rpm).failed()).isZero();
        assertThat(shared.acquires).isEqualTo(6);
        assertThat(shared.value("rpm")).isEqualTo(5);
        assertThat(a.leasedUnits()).isZero();
    }

    @Test
    void aBusyCounterIsSpentFromALeaseWithoutTrips() {
        LeasedCounterStore a = replica();
        Check rpm = new Check("rpm", 1_000_000, 1, TTL);
        warm(a, rpm, 20);
        int trips = shared.acquires;
        Verdict first = admit(a, rpm);
        assertThat(shared.acquires).isEqualTo(trips + 1);
        // 20 calls in the last 100 ms: the lease covers about 50 ms of them
        assertThat(shared.value("rpm")).isEqualTo(20 + 10);
        assertThat(first.values()).containsExactly(21);
        for (int i = 22; i <= 30; i++) {
            assertThat(admit(a, rpm).values()).containsExactly(i);
        }
        assertThat(shared.acquires).isEqualTo(trips + 1);
        assertThat(a.leasedUnits()).isZero();
        admit(a, rpm);
        assertThat(shared.acquires).isEqualTo(trips + 2);
    }

    @Test
    void nearTheLimitLeasesShrinkAndTheLimitIsNeverPassedAcrossReplicas() {
        LeasedCounterStore a = replica();
        LeasedCounterStore b = replica();
        Check rpm = new Check("rpm", 500, 1, TTL);
        warm(a, rpm, 40);
        warm(b, rpm, 40);
        Random random = new Random(7);
        int admitted = 80;
        for (int i = 0; i < 2_000; i++) {
            LeasedCounterStore r = random.nextBoolean() ? a : b;
            if (admit(r, rpm).admitted()) {
                admitted++;
            }
            // what the store counted is what was admitted plus what the replicas hold, never above the limit
            assertThat(shared.value("rpm")).isEqualTo(admitted + a.leasedUnits() + b.leasedUnits()).isLessThanOrEqualTo(500);
            if (i % 50 == 0) {
                now.addAndGet(SETTINGS.bucketMillis() / 2);
            }
        }
        a.giveBackAll();
        b.giveBackAll();
        assertThat(a.leasedUnits() + b.leasedUnits()).isZero();
        assertThat(shared.value("rpm")).isEqualTo(admitted);
        while (admit(a, rpm).admitted()) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(500);
    }

    @Test
    void releasedSlotsGoBackToTheLeaseAndTheLeaseToTheStoreWhenIdle() {
        LeasedCounterStore a = replica();
        Check slot = new Check("paved:cc:slots", 1_000, 1, TTL);
        Delta release = new Delta("paved:cc:slots", -1, TTL);
        now.set(now.get() - Math.floorMod(now.get(), SETTINGS.bucketMillis()));
        for (int i = 0; i < 20; i++) {
            assertThat(admit(a, slot).admitted()).isTrue();
            a.apply(List.of(release));
        }
        now.addAndGet(SETTINGS.bucketMillis());
        assertThat(shared.value("paved:cc:slots")).isZero();
        int trips = shared.acquires;
        for (int i = 0; i < 100; i++) {
            assertThat(admit(a, slot).admitted()).isTrue();
            a.apply(List.of(release));
        }
        assertThat(shared.acquires).as("one lease serves every call once slots come back to it").isEqualTo(trips + 1);
        assertThat(shared.value("paved:cc:slots")).isEqualTo(a.leasedUnits()).isPositive();
        assertThat(a.sweep().result()).isZero();
        now.addAndGet(SETTINGS.idleReturnMillis());
        assertThat(a.sweep().result()).isPositive();
        assertThat(shared.value("paved:cc:slots")).isZero();
        a.apply(List.of(release));
        assertThat(shared.value("paved:cc:slots")).isZero();
    }

    @Test
    void aLeaseIsGivenBackWhenItGrowsOldEvenWhileInUse() {
        LeasedCounterStore a = replica();
        Check slot = new Check("paved:cc:old", 1_000, 1, TTL);
        warm(a, slot, 20);
        admit(a, slot);
        long held = a.leasedUnits();
        assertThat(held).isPositive();
        for (long t = 0; t < SETTINGS.leaseMaxAgeMillis(); t += 50) {
            now.addAndGet(50);
            admit(a, slot);
            a.apply(List.of(new Delta("paved:cc:old", -1, TTL)));
            a.sweep();
        }
        // traffic slowed to two calls a window: the lease aged out, was given back, and no new one was taken
        assertThat(a.leasedUnits()).isZero();
        assertThat(shared.value("paved:cc:old")).as("the warm-up's 20 slots and the first one, still held").isEqualTo(21);
    }

    @Test
    void aBusyCheckOnlyCounterIsReadFromMemoryWithThisReplicasChargesAndOthersSeenWithinTheReadAge() {
        LeasedCounterStore a = replica();
        LeasedCounterStore b = replica();
        Check tokens = new Check("tpm", 1_000, 0, TTL);
        warm(a, tokens, 10);
        assertThat(admit(a, tokens).values()).containsExactly(0);
        int trips = shared.acquires;
        a.apply(List.of(new Delta("tpm", 600, TTL)));
        assertThat(admit(a, tokens).values()).containsExactly(600);
        a.apply(List.of(new Delta("tpm", 500, TTL)));
        Verdict refused = admit(a, tokens);
        assertThat(refused.failed()).isZero();
        assertThat(refused.values()).containsExactly(1_100);
        assertThat(shared.acquires).as("both answered from memory").isEqualTo(trips);

        Check other = new Check("tpm2", 1_000, 0, TTL);
        warm(a, other, 10);
        admit(a, other);
        b.apply(List.of(new Delta("tpm2", 2_000, TTL)));
        assertThat(admit(a, other).admitted()).as("another replica's charge is seen up to the read age late").isTrue();
        now.addAndGet(SETTINGS.readMaxAgeMillis());
        assertThat(admit(a, other).admitted()).isFalse();
    }

    @Test
    void aRefusalByTheStoreGivesBackWhatWasTakenFromLeases() {
        LeasedCounterStore a = replica();
        Check rpm = new Check("rpm", 1_000_000, 1, TTL);
        Check budget = new Check("budget", 100, 0, TTL);
        warm(a, rpm, 20);
        admit(a, rpm);
        long held = a.leasedUnits();
        shared.apply(List.of(new Delta("budget", 100, TTL)));
        Verdict v = admit(a, rpm, budget);
        assertThat(v.failed()).isEqualTo(1);
        assertThat(v.values()[1]).isEqualTo(100);
        assertThat(a.leasedUnits()).isEqualTo(held);

        shared.down = true;
        Future<Verdict> down = a.acquire(List.of(rpm, new Check("budget2", 100, 0, TTL)));
        assertThat(down.failed()).isTrue();
        assertThat(a.leasedUnits()).isEqualTo(held);
        assertThat(admit(a, rpm).admitted()).as("a lease in hand still admits while the store is down").isTrue();
    }

    @Test
    void chargesToABusyCounterAreSummedAndSentTogether() {
        LeasedCounterStore a = replica();
        Check tokens = new Check("tpm", 1_000_000, 0, TTL);
        Delta ten = new Delta("tpm", 10, TTL);
        keepBusy(a, tokens);
        for (int i = 0; i < 5; i++) {
            a.apply(List.of(ten));
        }
        assertThat(shared.value("tpm")).as("summed, not sent yet").isZero();
        assertThat(admit(a, tokens).values()).as("but counted here at once").containsExactly(50);
        now.addAndGet(SETTINGS.chargeFlushMillis() / 2);
        a.apply(List.of(ten));
        assertThat(shared.value("tpm")).isZero();
        now.addAndGet(SETTINGS.chargeFlushMillis() / 2);
        a.apply(List.of(ten));
        assertThat(shared.value("tpm")).as("sent together once the oldest waited long enough").isEqualTo(60);
        a.sweep();
        assertThat(shared.value("tpm")).as("the sweep sends the rest").isEqualTo(70);

        a.apply(List.of(new Delta("tpm", 5, TTL)));
        now.addAndGet(SETTINGS.readMaxAgeMillis());
        assertThat(admit(a, tokens).values()).as("a fresh reading still counts what is not sent yet").containsExactly(75);
        a.giveBackAll();
        assertThat(shared.value("tpm")).isEqualTo(75);

        Check quiet = new Check("quiet", 1_000, 0, TTL);
        admit(a, quiet);
        a.apply(List.of(new Delta("quiet", 3, TTL)));
        assertThat(shared.value("quiet")).as("a quiet counter's charge is sent at once").isEqualTo(3);
    }

    @Test
    void nearItsCapABusyCheckOnlyCounterAsksTheStoreEveryTimeSoTheCapHoldsWhereItIsReached() {
        LeasedCounterStore a = replica();
        LeasedCounterStore b = replica();
        Check budget = new Check("budget", 1_000, 0, TTL);
        Delta spend = new Delta("budget", 200, TTL);
        keepBusy(a, budget);
        // another replica spends 200 every 50 ms: the reading a sees grows by 400 per 100 ms
        b.apply(List.of(spend));
        now.addAndGet(50);
        b.apply(List.of(spend));
        now.addAndGet(50);
        tenCalls(a, budget);
        assertThat(admit(a, budget).values()).as("a reading of 400, far enough from 1,000 to be trusted").containsExactly(400);
        int trips = shared.acquires;
        assertThat(admit(a, budget).admitted()).isTrue();
        assertThat(shared.acquires).isEqualTo(trips);
        b.apply(List.of(spend));
        now.addAndGet(50);
        b.apply(List.of(spend));
        now.addAndGet(50);
        tenCalls(a, budget);
        // now at 800, growing 400 per 100 ms: within its margin of the cap, so every call asks the store
        trips = shared.acquires;
        assertThat(admit(a, budget).values()).containsExactly(800);
        assertThat(admit(a, budget).admitted()).isTrue();
        assertThat(shared.acquires).isEqualTo(trips + 2);
        b.apply(List.of(spend));
        assertThat(admit(a, budget).failed()).as("refused by the first call after the cap was reached").isZero();
    }

    @Test
    void theStoreChecksWhatThisReplicasUnsentChargesLeave() {
        LeasedCounterStore a = replica();
        LeasedCounterStore b = replica();
        Check tokens = new Check("tpm", 1_000, 0, TTL);
        keepBusy(a, tokens);
        a.apply(List.of(new Delta("tpm", 300, TTL)));
        b.apply(List.of(new Delta("tpm", 750, TTL)));
        assertThat(shared.value("tpm")).as("a's 300 are not sent yet").isEqualTo(750);
        now.addAndGet(SETTINGS.readMaxAgeMillis());
        Verdict v = admit(a, tokens);
        assertThat(v.failed()).as("750 in the store and 300 unsent reach 1,000").isZero();
    }
}
