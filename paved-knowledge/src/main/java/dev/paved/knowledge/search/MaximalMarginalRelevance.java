package dev.paved.knowledge.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, 1998): picks, one at a time, the candidate maximising
 * {@code lambda * relevance - (1 - lambda) * max similarity to those already picked}. Relevance is the candidate's
 * cosine similarity to the query; vectors are unit-norm, so similarities are dot products.
 */
final class MaximalMarginalRelevance {

    private MaximalMarginalRelevance() {
    }

    /** Indexes into {@code vectors} in the order MMR picks them, at most {@code k}. */
    static List<Integer> select(float[] query, List<float[]> vectors, int k, double lambda) {
        int n = vectors.size();
        double[] relevance = new double[n];
        double[] maxSim = new double[n];
        boolean[] picked = new boolean[n];
        for (int i = 0; i < n; i++) {
            relevance[i] = dot(query, vectors.get(i));
            maxSim[i] = Double.NEGATIVE_INFINITY;
        }
        List<Integer> out = new ArrayList<>();
        while (out.size() < Math.min(k, n)) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (picked[i]) {
                    continue;
                }
                double penalty = out.isEmpty() ? 0 : maxSim[i];
                double s = lambda * relevance[i] - (1 - lambda) * penalty;
                if (s > bestScore) {
                    bestScore = s;
                    best = i;
                }
            }
            picked[best] = true;
            out.add(best);
            for (int i = 0; i < n; i++) {
                if (!picked[i]) {
                    maxSim[i] = Math.max(maxSim[i], dot(vectors.get(best), vectors.get(i)));
                }
            }
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
