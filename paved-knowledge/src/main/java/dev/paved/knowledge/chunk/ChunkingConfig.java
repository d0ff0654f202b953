package dev.paved.knowledge.chunk;

/**
 * A knowledge base's chunking settings.
 *
 * @param strategy      how text is cut
 * @param maxTokens     largest chunk, in the embedding model's tokens (for parent-document: the child chunks)
 * @param overlapTokens tokens of the previous chunk repeated at the start of the next (recursive only)
 * @param windowSize    sentences on each side returned as context (sentence-window only)
 * @param parentTokens  largest parent section (parent-document only)
 */
public record ChunkingConfig(ChunkingStrategy strategy, int maxTokens, int overlapTokens, int windowSize, int parentTokens) {

    public static final int DEFAULT_MAX_TOKENS = 256;
    public static final int DEFAULT_OVERLAP_TOKENS = 32;
    public static final int DEFAULT_WINDOW = 2;
    public static final int DEFAULT_PARENT_TOKENS = 1024;

    public ChunkingConfig {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is required");
        }
        if (maxTokens < 8 || maxTokens > 8192) {
            throw new IllegalArgumentException("max_tokens must be between 8 and 8192, got " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("overlap_tokens must be at least 0 and below max_tokens (" + maxTokens
                    + "), got " + overlapTokens);
        }
        if (windowSize < 0 || windowSize > 20) {
            throw new IllegalArgumentException("window must be between 0 and 20, got " + windowSize);
        }
        if (parentTokens < maxTokens || parentTokens > 65_536) {
            throw new IllegalArgumentException("parent_tokens must be between max_tokens (" + maxTokens
                    + ") and 65536, got " + parentTokens);
        }
    }

    /** Recursive splitting, 256-token chunks with 32 tokens of overlap. */
    public static ChunkingConfig defaults() {
        return new ChunkingConfig(ChunkingStrategy.RECURSIVE, DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS,
                DEFAULT_WINDOW, DEFAULT_PARENT_TOKENS);
    }

    public ChunkingConfig withStrategy(ChunkingStrategy s) {
        return new ChunkingConfig(s, maxTokens, overlapTokens, windowSize, parentTokens);
    }

    public ChunkingConfig withMaxTokens(int max, int overlap) {
        return new ChunkingConfig(strategy, max, overlap, windowSize, Math.max(parentTokens, max));
    }
}
