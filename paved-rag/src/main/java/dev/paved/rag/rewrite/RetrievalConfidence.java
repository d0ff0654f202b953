package dev.paved.rag.rewrite;

import dev.paved.rag.Passage;
import dev.paved.rag.Terms;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How well the top passages cover the question: the share of the question's content words found in the best
 * {@link #TOP} passages, from 0 (none, or nothing retrieved) to 1. Fused rank scores are not comparable across
 * queries; term coverage is, and it is what a reader of the context would need.
 */
public final class RetrievalConfidence {
    static final int TOP = 3;

    private RetrievalConfidence() {
    }

    public static double of(String query, List<Passage> ranked) {
        Set<String> asked = Terms.set(query);
        if (asked.isEmpty() || ranked.isEmpty()) {
            return asked.isEmpty() && !ranked.isEmpty() ? 1 : 0;
        }
        Set<String> seen = new HashSet<>();
        for (Passage p : ranked.subList(0, Math.min(TOP, ranked.size()))) {
            seen.addAll(Terms.set(p.text()));
            if (p.title() != null) {
                seen.addAll(Terms.set(p.title()));
            }
        }
        int found = 0;
        for (String t : asked) {
            if (seen.contains(t)) {
                found++;
            }
        }
        return (double) found / asked.size();
    }
}
