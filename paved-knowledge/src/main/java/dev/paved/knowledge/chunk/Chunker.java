package dev.paved.knowledge.chunk;

import java.util.List;

/** Cuts a document's text into chunks. Implementations are stateless and thread-safe. */
public interface Chunker {

    /** The chunks of {@code text} in reading order; none for blank text. */
    List<ChunkDraft> chunk(String text);

    /** The chunker for a knowledge base's settings. */
    static Chunker of(ChunkingConfig config, TokenCounter counter) {
        return switch (config.strategy()) {
            case RECURSIVE -> new RecursiveChunker(counter, config.maxTokens(), config.overlapTokens());
            case SENTENCE_WINDOW -> new SentenceWindowChunker(counter, config.maxTokens(), config.windowSize());
            case PARENT_DOCUMENT -> new ParentDocumentChunker(counter, config.maxTokens(), config.parentTokens());
        };
    }
}
