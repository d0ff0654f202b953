package dev.paved.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput and latency of {@link BgeSmallEmbeddingModel}, run by hand (it is not a test):
 * {@code java -cp <test classpath> dev.paved.embedding.EmbeddingBenchmark [intraOpThreads] [batchSize]}.
 */
public final class EmbeddingBenchmark {

    private static final String[] SUBJECTS = {"The new release", "Our support team", "The billing service",
        "A customer in Berlin", "The nightly job", "This dashboard", "The search index", "An intern"};
    private static final String[] PREDICATES = {"fixed the login bug", "answered within an hour",
        "charged the card twice", "asked for a refund", "ran out of disk space", "shows weekly revenue",
        "was rebuilt overnight", "wrote the onboarding guide"};

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) {
        EmbeddingOptions defaults = EmbeddingOptions.defaults();
        EmbeddingOptions options = new EmbeddingOptions(
                args.length > 0 ? Integer.parseInt(args[0]) : defaults.intraOpThreads(),
                args.length > 1 ? Integer.parseInt(args[1]) : defaults.batchSize());
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            sentences.add(SUBJECTS[i % SUBJECTS.length] + " " + PREDICATES[(i / SUBJECTS.length) % PREDICATES.length]
                    + ".");
        }
        long loadStart = System.nanoTime();
        try (BgeSmallEmbeddingModel model = BgeSmallEmbeddingModel.load(options)) {
            System.out.printf("load: %.0f ms (%d intra-op threads, batch %d)%n",
                    (System.nanoTime() - loadStart) / 1e6, options.intraOpThreads(), options.batchSize());
            for (int i = 0; i < 5; i++) {
                model.embed(sentences);
            }
            double[] rates = new double[10];
            for (int i = 0; i < rates.length; i++) {
                long start = System.nanoTime();
                model.embed(sentences);
                rates[i] = sentences.size() / ((System.nanoTime() - start) / 1e9);
            }
            Arrays.sort(rates);
            System.out.printf("batch of 64 short sentences: median %.0f texts/s (min %.0f, max %.0f)%n",
                    rates[rates.length / 2], rates[0], rates[rates.length - 1]);

            String query = "how do I get a refund for a double charge?";
            for (int i = 0; i < 50; i++) {
                model.embedQuery(query);
            }
            long[] latencies = new long[300];
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                model.embedQuery(query);
                latencies[i] = System.nanoTime() - start;
            }
            Arrays.sort(latencies);
            System.out.printf("single query (%d tokens): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
                    model.countTokens(BgeSmallEmbeddingModel.QUERY_INSTRUCTION + query),
                    latencies[latencies.length / 2] / 1e6, latencies[latencies.length * 9 / 10] / 1e6,
                    latencies[latencies.length * 99 / 100] / 1e6);
        }
    }
}
