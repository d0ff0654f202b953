package dev.paved.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Structure-aware recursive splitting: a range that is over the token budget is cut at the coarsest level that
 * separates it (sections, paragraphs, lines, sentences, words, and as a last resort characters); pieces still over
 * budget are cut at the next level; then neighbouring pieces are merged again while they fit. Pieces are cut
 * between whitespace-separated words, where the model's token counts add up, so merged counts are sums; the result
 * is checked with an exact count all the same.
 */
final class SpanSplitter {

    private static final Boundaries[] LEVELS = Boundaries.values();

    private final TokenCounter counter;
    private final int budget;

    SpanSplitter(TokenCounter counter, int budget) {
        this.counter = counter;
        this.budget = budget;
    }

    /** Non-overlapping, trimmed spans covering every non-whitespace character of {@code [start, end)}. */
    List<Span> split(String text, int start, int end) {
        List<Span> raw = split(text, start, end, 0);
        List<Span> out = new ArrayList<>(raw.size());
        for (Span s : raw) {
            int[] t = Boundaries.trim(text, s.start(), s.end());
            if (t == null) {
                continue;
            }
            int exact = counter.count(text.substring(t[0], t[1]));
            if (exact <= budget) {
                out.add(new Span(t[0], t[1], exact));
            } else {
                out.addAll(hardSplit(text, t[0], t[1]));
            }
        }
        return out;
    }

    private List<Span> split(String text, int start, int end, int level) {
        int tokens = counter.count(text.substring(start, end));
        if (tokens <= budget) {
            return List.of(new Span(start, end, tokens));
        }
        if (level >= LEVELS.length) {
            return hardSplit(text, start, end);
        }
        List<Integer> cuts = LEVELS[level].cuts(text, start, end);
        if (cuts.isEmpty()) {
            return split(text, start, end, level + 1);
        }
        List<Span> pieces = new ArrayList<>();
        int prev = start;
        cuts.add(end);
        for (int cut : cuts) {
            if (cut > prev) {
                pieces.addAll(split(text, prev, cut, level + 1));
            }
            prev = cut;
        }
        return merge(pieces);
    }

    /** Greedily joins neighbours while their summed count fits the budget. */
    private List<Span> merge(List<Span> pieces) {
        List<Span> out = new ArrayList<>();
        Span current = null;
        for (Span p : pieces) {
            if (current != null && current.tokens() + p.tokens() <= budget) {
                current = new Span(current.start(), p.end(), current.tokens() + p.tokens());
            } else {
                if (current != null) {
                    out.add(current);
                }
                current = p;
            }
        }
        if (current != null) {
            out.add(current);
        }
        return out;
    }

    /** Cuts a range with no usable boundary (one very long "word") into the longest character runs that fit. */
    private List<Span> hardSplit(String text, int start, int end) {
        List<Span> out = new ArrayList<>();
        int s = start;
        while (s < end) {
            int lo = s + 1;
            int hi = end;
            // Longest prefix [s, m) within budget; one character always counts as at most a few tokens.
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (counter.count(text.substring(s, mid)) <= budget) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            int e = Math.max(lo, s + 1);
            if (e < end && Character.isLowSurrogate(text.charAt(e))) {
                e++;
            }
            int[] t = Boundaries.trim(text, s, e);
            if (t != null) {
                out.add(new Span(t[0], t[1], counter.count(text.substring(t[0], t[1]))));
            }
            s = e;
        }
        return out;
    }
}
