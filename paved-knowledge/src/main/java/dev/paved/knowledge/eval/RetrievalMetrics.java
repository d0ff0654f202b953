package dev.paved.knowledge.eval;

import java.util.List;
import java.util.Map;

/** The standard per-query retrieval metrics, as BEIR and pytrec_eval compute them (graded gains, log2 discount). */
public final class RetrievalMetrics {

    private RetrievalMetrics() {
    }

    /** nDCG@k of a ranked list of document ids against graded judgements. */
    public static double ndcg(List<String> ranked, Map<String, Integer> relevant, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            int rel = relevant.getOrDefault(ranked.get(i), 0);
            dcg += rel / log2(i + 2);
        }
        int[] ideal = relevant.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.length); i++) {
            idcg += ideal[ideal.length - 1 - i] / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Share of the relevant documents found in the first {@code k}. */
    public static double recall(List<String> ranked, Map<String, Integer> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        long found = ranked.stream().limit(k).filter(relevant::containsKey).count();
        return (double) found / relevant.size();
    }

    /** Reciprocal rank of the first relevant document within the first {@code k}, else 0. */
    public static double mrr(List<String> ranked, Map<String, Integer> relevant, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.containsKey(ranked.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
