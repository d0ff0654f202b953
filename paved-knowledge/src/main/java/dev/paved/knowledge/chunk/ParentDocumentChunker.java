package dev.paved.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Parent sections of up to {@code parentTokens} (recursive splitting, no overlap), each cut into child chunks of up
 * to {@code maxTokens}: children are embedded and searched, and a hit returns its parent section as context.
 */
final class ParentDocumentChunker implements Chunker {

    private final TokenCounter counter;
    private final int maxTokens;
    private final int parentTokens;

    ParentDocumentChunker(TokenCounter counter, int maxTokens, int parentTokens) {
        this.counter = counter;
        this.maxTokens = maxTokens;
        this.parentTokens = parentTokens;
    }

    @Override
    public List<ChunkDraft> chunk(String text) {
        List<Span> parents = new SpanSplitter(counter, parentTokens).split(text, 0, text.length());
        SpanSplitter children = new SpanSplitter(counter, maxTokens);
        List<ChunkDraft> out = new ArrayList<>();
        for (int p = 0; p < parents.size(); p++) {
            Span parent = parents.get(p);
            String context = text.substring(parent.start(), parent.end());
            for (Span c : children.split(text, parent.start(), parent.end())) {
                out.add(new ChunkDraft(out.size(), c.start(), c.end(), text.substring(c.start(), c.end()), c.tokens(),
                        context, p));
            }
        }
        return out;
    }
}
