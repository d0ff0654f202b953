package dev.paved.knowledge.search;

import dev.paved.knowledge.index.ScoredDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal-rank fusion (Cormack et al., 2009): each list adds {@code weight / (k + rank)} to a document's score.
 * Ties keep the order in which documents were first seen, BM25 first.
 */
final class ReciprocalRankFusion {

    record Fused(int doc, double score, int bm25Rank, int denseRank) {
    }

    private ReciprocalRankFusion() {
    }

    static List<Fused> fuse(List<ScoredDoc> bm25, double bm25Weight, List<ScoredDoc> dense, double denseWeight, int k) {
        Map<Integer, double[]> acc = new LinkedHashMap<>();
        for (int i = 0; i < bm25.size(); i++) {
            double[] a = acc.computeIfAbsent(bm25.get(i).doc(), d -> new double[3]);
            a[0] += bm25Weight / (k + i + 1);
            a[1] = i + 1;
        }
        for (int i = 0; i < dense.size(); i++) {
            double[] a = acc.computeIfAbsent(dense.get(i).doc(), d -> new double[3]);
            a[0] += denseWeight / (k + i + 1);
            a[2] = i + 1;
        }
        List<Fused> out = new ArrayList<>(acc.size());
        acc.forEach((doc, a) -> out.add(new Fused(doc, a[0], (int) a[1], (int) a[2])));
        out.sort(Comparator.comparingDouble(Fused::score).reversed());
        return out;
    }
}
