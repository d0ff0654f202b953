package dev.paved.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * The default chunker: {@link SpanSplitter} pieces of at most {@code maxTokens}, each but the first extended back
 * over the end of the previous one by up to {@code overlapTokens} (whole words, never past the budget).
 */
final class RecursiveChunker implements Chunker {

    private final TokenCounter counter;
    private final int maxTokens;
    private final int overlapTokens;

    RecursiveChunker(TokenCounter counter, int maxTokens, int overlapTokens) {
        this.counter = counter;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    @Override
    public List<ChunkDraft> chunk(String text) {
        List<Span> spans = new SpanSplitter(counter, maxTokens).split(text, 0, text.length());
        List<ChunkDraft> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            int start = s.start();
            int tokens = s.tokens();
            if (i > 0 && overlapTokens > 0) {
                Span prev = spans.get(i - 1);
                int room = Math.min(overlapTokens, maxTokens - s.tokens());
                int from = overlapStart(text, prev.start(), prev.end(), room);
                if (from < prev.end()) {
                    int extended = counter.count(text.substring(from, s.end()));
                    if (extended <= maxTokens) {
                        start = from;
                        tokens = extended;
                    }
                }
            }
            out.add(new ChunkDraft(i, start, s.end(), text.substring(start, s.end()), tokens, null, -1));
        }
        return out;
    }

    /** The earliest word start in {@code [from, to)} whose suffix up to {@code to} has at most {@code room} tokens. */
    private int overlapStart(String text, int from, int to, int room) {
        if (room <= 0) {
            return to;
        }
        List<Integer> wordStarts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i)) && (i == from || Character.isWhitespace(text.charAt(i - 1)))) {
                wordStarts.add(i);
            }
        }
        int lo = 0;
        int hi = wordStarts.size();
        // Binary search for the first word start that fits; later starts give shorter suffixes.
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (counter.count(text.substring(wordStarts.get(mid), to)) <= room) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo == wordStarts.size() ? to : wordStarts.get(lo);
    }
}
