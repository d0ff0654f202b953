import dev.paved.core.Usage;
import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import dev.paved.gateway.cache.AnswerStore;
import dev.paved.gateway.cache.CachedAnswer;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Semantic-cache lookup cost: one tenant's scope filled with N answers (random unit vectors of the
 * embedding model's 384 dimensions), then timed nearest-neighbour lookups at the default threshold, half
 * of them near an existing entry (hits) and half random (misses). Separately, the cost of embedding one
 * query with the in-process model, which a miss adds to the gateway path.
 *   args: [entries=100000] [queries=2000]
 */
public class CacheBench {
    public static void main(String[] args) throws Exception {
        EmbeddingModel model = EmbeddingModels.get("bge-small-en-v1.5");
        String[] questions = {"What is the capital city of France?", "How do I reset my password on the mobile app?",
                "Which plan includes priority support and how much does it cost per month?"};
        for (int i = 0; i < 20; i++) {
            model.embed(List.of(questions[i % 3]));
        }
        long[] emb = new long[200];
        for (int i = 0; i < emb.length; i++) {
            long s = System.nanoTime();
            model.embed(List.of(questions[i % 3]));
            emb[i] = System.nanoTime() - s;
        }
        Arrays.sort(emb);
        System.out.printf("query embedding (bge-small-en-v1.5, one short question): p50 %.2f ms  p99 %.2f ms%n", emb[100] / 1e6, emb[198] / 1e6);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int dims = 384;
        Random rnd = new Random(42);
        // "mmap" (what the server uses: an index folder under the data dir) or "heap".
        String mode = System.getProperty("store", "mmap");
        java.nio.file.Path tmp = mode.equals("mmap") ? java.nio.file.Files.createTempDirectory("cachebench") : null;
        AnswerStore store = new AnswerStore(n + 1, tmp);
        System.out.println("store: " + mode);
        float[][] vectors = new float[n][];
        long t0 = System.nanoTime();
        byte[] answer = "{\"choices\":[{\"message\":{\"content\":\"cached\"}}]}".getBytes();
        for (int i = 0; i < n; i++) {
            vectors[i] = unit(rnd, dims);
            store.put(new CachedAnswer("ca_" + i, "tn_bench", "alias", "scope", "exact-" + i, vectors[i], answer, Usage.of(100, 20),
                    BigDecimal.ONE, "oa", "m", false, 0, Long.MAX_VALUE));
        }
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        // Warm up, then let the index settle into its refreshed reader.
        for (int i = 0; i < 500; i++) {
            store.nearest("scope", unit(rnd, dims), 0.93, 1, false);
        }
        long[] took = new long[queries];
        int hits = 0;
        for (int q = 0; q < queries; q++) {
            float[] v = q % 2 == 0 ? near(vectors[rnd.nextInt(n)], rnd) : unit(rnd, dims);
            long s = System.nanoTime();
            boolean hit = store.nearest("scope", v, 0.93, 1, false).isPresent();
            took[q] = System.nanoTime() - s;
            hits += hit ? 1 : 0;
        }
        Arrays.sort(took);
        System.out.printf("entries %d (one tenant, one scope), filled in %.1f s, %d segments%n", n, fillSeconds, store.segments());
        System.out.printf("semantic lookup: p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  (%d lookups, %d hits)%n",
                took[queries / 2] / 1e6, took[(int) (queries * 0.95)] / 1e6, took[(int) (queries * 0.99)] / 1e6, queries, hits);
        long e0 = System.nanoTime();
        long[] exact = new long[queries];
        for (int q = 0; q < queries; q++) {
            long s = System.nanoTime();
            store.exact("exact-" + rnd.nextInt(n), 1);
            exact[q] = System.nanoTime() - s;
        }
        Arrays.sort(exact);
        System.out.printf("exact lookup:    p50 %.3f ms  p99 %.3f ms%n", exact[queries / 2] / 1e6, exact[(int) (queries * 0.99)] / 1e6);
        store.close();
        if (tmp != null) {
            try (var files = java.nio.file.Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static float[] unit(Random rnd, int dims) {
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) rnd.nextGaussian();
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dims; i++) {
            v[i] *= inv;
        }
        return v;
    }

    /** A unit vector at cosine ~0.97 from {@code base}. */
    private static float[] near(float[] base, Random rnd) {
        float[] noise = unit(rnd, base.length);
        float[] v = new float[base.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = base[i] + 0.25f * noise[i];
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
