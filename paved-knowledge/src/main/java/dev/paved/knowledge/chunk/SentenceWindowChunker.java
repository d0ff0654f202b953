package dev.paved.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * One chunk per sentence (a sentence over budget is split further like the recursive chunker does); each chunk's
 * context is the text from {@code window} sentences before it to {@code window} sentences after it.
 */
final class SentenceWindowChunker implements Chunker {

    private final TokenCounter counter;
    private final int maxTokens;
    private final int window;

    SentenceWindowChunker(TokenCounter counter, int maxTokens, int window) {
        this.counter = counter;
        this.maxTokens = maxTokens;
        this.window = window;
    }

    @Override
    public List<ChunkDraft> chunk(String text) {
        List<int[]> sentences = Boundaries.sentences(text);
        SpanSplitter splitter = new SpanSplitter(counter, maxTokens);
        List<ChunkDraft> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            int ctxStart = sentences.get(Math.max(0, i - window))[0];
            int ctxEnd = sentences.get(Math.min(sentences.size() - 1, i + window))[1];
            String context = text.substring(ctxStart, ctxEnd);
            for (Span s : splitter.split(text, sentences.get(i)[0], sentences.get(i)[1])) {
                out.add(new ChunkDraft(out.size(), s.start(), s.end(), text.substring(s.start(), s.end()), s.tokens(),
                        context, -1));
            }
        }
        return out;
    }
}
