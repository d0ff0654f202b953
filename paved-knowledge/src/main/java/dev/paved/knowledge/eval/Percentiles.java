package dev.paved.knowledge.eval;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (0-100) by the nearest-rank method; 0 for an empty sample. */
    public static double of(double[] sample, double p) {
        if (sample.length == 0) {
            return 0;
        }
        double[] s = sample.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
