package dev.paved.rag.context;

import dev.paved.rag.Passage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drops repeated passages, keeping the better-ranked copy: the same chunk (several sub-queries found it), or text
 * that is nearly the same (overlapping windows, a document ingested twice under two ids): Jaccard similarity of
 * word 3-shingles at or above the threshold.
 */
final class Dedupe {
    static final double NEAR_DUPLICATE = 0.8;

    private Dedupe() {
    }

    record Result(List<Passage> kept, int dropped) {
    }

    static Result apply(List<Passage> ranked) {
        List<Passage> kept = new ArrayList<>(ranked.size());
        List<Set<String>> shingles = new ArrayList<>(ranked.size());
        Set<String> ids = new HashSet<>();
        int dropped = 0;
        for (Passage p : ranked) {
            if (!ids.add(p.chunkId())) {
                dropped++;
                continue;
            }
            Set<String> s = shingles(p.text());
            boolean near = false;
            for (Set<String> other : shingles) {
                if (jaccard(s, other) >= NEAR_DUPLICATE) {
                    near = true;
                    break;
                }
            }
            if (near) {
                dropped++;
                continue;
            }
            kept.add(p);
            shingles.add(s);
        }
        return new Result(kept, dropped);
    }

    static Set<String> shingles(String text) {
        String[] w = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        List<String> words = new ArrayList<>(w.length);
        for (String x : w) {
            if (!x.isEmpty()) {
                words.add(x);
            }
        }
        Set<String> out = new HashSet<>();
        if (words.size() < 3) {
            out.add(String.join(" ", words));
            return out;
        }
        for (int i = 0; i + 2 < words.size(); i++) {
            out.add(words.get(i) + ' ' + words.get(i + 1) + ' ' + words.get(i + 2));
        }
        return out;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        int common = 0;
        for (String s : small) {
            if (large.contains(s)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }
}
