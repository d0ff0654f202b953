package dev.paved.knowledge.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Embeds many texts in batches, running up to {@code parallelism} batches at once, and keeps the time spent so that
 * ingestion can report what share of it went to embedding. Thread-safe; close it to stop its threads.
 */
public final class BatchEmbedder implements AutoCloseable {

    public static final int DEFAULT_BATCH = 64;

    private final Embedder embedder;
    private final int batchSize;
    private final ExecutorService pool;
    private final LongAdder nanos = new LongAdder();
    private final LongAdder texts = new LongAdder();

    public BatchEmbedder(Embedder embedder, int batchSize, int parallelism) {
        if (batchSize < 1 || parallelism < 1) {
            throw new IllegalArgumentException("batch size and parallelism must be at least 1");
        }
        this.embedder = embedder;
        this.batchSize = batchSize;
        this.pool = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "paved-embed");
            t.setDaemon(true);
            return t;
        });
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Vectors for {@code input}, in order. */
    public List<float[]> embed(List<String> input) {
        long started = System.nanoTime();
        try {
            if (input.isEmpty()) {
                return List.of();
            }
            List<List<String>> batches = new ArrayList<>();
            for (int i = 0; i < input.size(); i += batchSize) {
                batches.add(input.subList(i, Math.min(input.size(), i + batchSize)));
            }
            List<float[]> out = new ArrayList<>(input.size());
            if (pool == null || batches.size() == 1) {
                for (List<String> b : batches) {
                    out.addAll(embedder.embedDocuments(b));
                }
            } else {
                List<Future<List<float[]>>> futures = new ArrayList<>();
                for (List<String> b : batches) {
                    futures.add(pool.submit(() -> embedder.embedDocuments(b)));
                }
                for (Future<List<float[]>> f : futures) {
                    out.addAll(await(f));
                }
            }
            texts.add(input.size());
            return out;
        } finally {
            nanos.add(System.nanoTime() - started);
        }
    }

    /** Wall time spent in {@link #embed}, summed over calls, in nanoseconds. */
    public long nanosSpent() {
        return nanos.sum();
    }

    public long textsEmbedded() {
        return texts.sum();
    }

    private static List<float[]> await(Future<List<float[]>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
