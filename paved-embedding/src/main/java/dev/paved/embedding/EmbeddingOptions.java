package dev.paved.embedding;

/**
 * How a local model is run.
 *
 * @param intraOpThreads threads ONNX Runtime uses inside one inference call
 * @param batchSize      most texts sent to the model in one inference call; each batch is padded to its longest text
 */
public record EmbeddingOptions(int intraOpThreads, int batchSize) {

    public static final int DEFAULT_BATCH_SIZE = 32;

    public EmbeddingOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
    }

    /** One intra-op thread per available processor, batches of {@value #DEFAULT_BATCH_SIZE}. */
    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_BATCH_SIZE);
    }
}
