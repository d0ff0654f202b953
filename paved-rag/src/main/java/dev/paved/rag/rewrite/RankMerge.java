package dev.paved.rag.rewrite;

import dev.paved.rag.Passage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the result lists of several sub-queries with reciprocal-rank fusion (k = 60): a passage found by more
 * sub-queries, or higher up, ranks first. Each passage keeps its best original score.
 */
public final class RankMerge {
    static final int K = 60;

    private RankMerge() {
    }

    public static List<Passage> merge(List<List<Passage>> lists, int limit) {
        if (lists.size() == 1) {
            List<Passage> only = lists.get(0);
            return only.size() <= limit ? only : only.subList(0, limit);
        }
        Map<String, Double> fused = new LinkedHashMap<>();
        Map<String, Passage> best = new LinkedHashMap<>();
        for (List<Passage> list : lists) {
            for (int r = 0; r < list.size(); r++) {
                Passage p = list.get(r);
                fused.merge(p.chunkId(), 1.0 / (K + r + 1), Double::sum);
                best.merge(p.chunkId(), p, (a, b) -> a.score() >= b.score() ? a : b);
            }
        }
        List<String> ids = new ArrayList<>(fused.keySet());
        ids.sort(Comparator.comparingDouble((String id) -> fused.get(id)).reversed());
        List<Passage> out = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(limit, ids.size()))) {
            out.add(best.get(id));
        }
        return out;
    }
}
