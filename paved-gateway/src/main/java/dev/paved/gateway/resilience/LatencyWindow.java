package dev.paved.gateway.resilience;

import java.util.Arrays;

/**
 * The most recent latencies of one target, for its p50/p95. A fixed ring, so memory stays flat; the
 * percentiles are recomputed every few samples rather than on every read.
 */
final class LatencyWindow {
    private static final int SIZE = 128;
    private static final int RECOMPUTE_EVERY = 8;

    private final long[] samples = new long[SIZE];
    private int count;
    private int next;
    private int sinceRecompute;
    private long p50 = -1;
    private long p95 = -1;

    synchronized void record(long millis) {
        samples[next] = millis;
        next = (next + 1) % SIZE;
        count = Math.min(count + 1, SIZE);
        if (++sinceRecompute >= RECOMPUTE_EVERY || count < RECOMPUTE_EVERY) {
            recompute();
        }
    }

    /** Median in milliseconds, or -1 before the first sample. */
    synchronized long p50() {
        return p50;
    }

    /** 95th percentile in milliseconds, or -1 before the first sample. */
    synchronized long p95() {
        return p95;
    }

    synchronized int count() {
        return count;
    }

    private void recompute() {
        sinceRecompute = 0;
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        p50 = percentile(sorted, 0.50);
        p95 = percentile(sorted, 0.95);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
