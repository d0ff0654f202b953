package dev.paved.core;

/**
 * Tokens of one model call. {@code cachedInputTokens} are prompt tokens read from a provider's
 * prompt cache; {@code cacheWriteTokens} are prompt tokens written to it. Both are included in
 * neither {@code inputTokens} (which counts uncached prompt tokens only) nor each other, so the
 * prompt size is their sum.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0);
    }

    public long promptTokens() {
        return inputTokens + cachedInputTokens + cacheWriteTokens;
    }

    public long totalTokens() {
        return promptTokens() + outputTokens;
    }

    public Usage plus(Usage o) {
        return new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cachedInputTokens + o.cachedInputTokens, cacheWriteTokens + o.cacheWriteTokens);
    }
}
