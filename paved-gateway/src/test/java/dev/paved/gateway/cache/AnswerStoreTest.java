package dev.paved.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerStoreTest {
    private static final long NOW = 1_000_000;
    private final Random rnd = new Random(7);

    @TempDir
    Path dir;

    private float[] unit() {
        float[] v = new float[16];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static CachedAnswer answer(String id, String tenant, float[] vector) {
        return new CachedAnswer(id, tenant, "alias", "scope-" + tenant, "exact-" + id, vector,
                "{}".getBytes(StandardCharsets.UTF_8), Usage.of(10, 2), BigDecimal.ONE, "oa", "m", false, NOW, NOW + 60_000);
    }

    /** Sweeping expired entries (none here) also makes the next lookup reopen the index reader. */
    private static void forceRefresh(AnswerStore store) {
        store.expire(0);
    }

    @Test
    void memoryMappedStoreFindsWritesAtOnceAndAfterTheReaderIsReopened() {
        float[] v = unit();
        try (AnswerStore store = new AnswerStore(100, dir.resolve("idx"))) {
            store.put(answer("a1", "tn_a", v));
            assertThat(store.nearest("scope-tn_a", v, 0.99, NOW, false)).isPresent();
            assertThat(store.exact("exact-a1", NOW)).isPresent();
            forceRefresh(store);
            assertThat(store.nearest("scope-tn_a", v, 0.99, NOW, false).orElseThrow().answer().id()).isEqualTo("a1");
            assertThat(store.exact("exact-a1", NOW)).isPresent();
            assertThat(store.segments()).isEqualTo(1);
        }
        // The index folder is emptied when a store opens it again: live-entry bookkeeping is not durable.
        try (AnswerStore again = new AnswerStore(100, dir.resolve("idx"))) {
            assertThat(again.nearest("scope-tn_a", v, 0.5, NOW, false)).isEmpty();
            assertThat(again.exact("exact-a1", NOW)).isEmpty();
            assertThat(again.size()).isZero();
        }
    }

    @Test
    void purgingATenantRemovesItsPendingAndIndexedAnswersOnly() {
        try (AnswerStore store = new AnswerStore(100, dir.resolve("idx"))) {
            float[] indexed = unit();
            float[] other = unit();
            store.put(answer("a1", "tn_a", indexed));
            store.put(answer("b1", "tn_b", other));
            forceRefresh(store);
            store.exact("exact-a1", NOW);
            float[] pending = unit();
            store.put(answer("a2", "tn_a", pending));
            assertThat(store.purgeTenant("tn_a")).isEqualTo(2);
            assertThat(store.nearest("scope-tn_a", indexed, 0.5, NOW, false)).isEmpty();
            assertThat(store.nearest("scope-tn_a", pending, 0.5, NOW, false)).isEmpty();
            assertThat(store.nearest("scope-tn_b", other, 0.99, NOW, false)).isPresent();
            // A reopened reader does not bring them back either.
            forceRefresh(store);
            assertThat(store.exact("exact-a1", NOW)).isEmpty();
            assertThat(store.exact("exact-a2", NOW)).isEmpty();
            assertThat(store.exact("exact-b1", NOW)).isPresent();
        }
    }

    @Test
    void writesDuringManyRefreshesAreNeverLost() {
        try (AnswerStore store = new AnswerStore(10_000, null)) {
            float[][] vectors = new float[300][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = unit();
                store.put(answer("x" + i, "tn_a", vectors[i]));
                if (i % 25 == 0) {
                    forceRefresh(store);
                }
                // Every write so far is found, whether pending or indexed.
                assertThat(store.exact("exact-x" + (i / 2), NOW)).as("entry %d after %d writes", i / 2, i + 1).isPresent();
            }
            for (int i = 0; i < vectors.length; i++) {
                assertThat(store.nearest("scope-tn_a", vectors[i], 0.999, NOW, false)).as("entry %d", i).isPresent();
            }
        }
    }
}
