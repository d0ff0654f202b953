package dev.paved.knowledge.embed;

import dev.paved.embedding.EmbeddingModel;
import dev.paved.knowledge.chunk.TokenCounter;
import java.util.List;

/**
 * What the knowledge layer needs from an embedding model: document and query vectors of a fixed length with unit
 * norm, and the model's own token count for chunking. Implementations are thread-safe.
 */
public interface Embedder {

    /** The model id a knowledge base pins, e.g. {@code bge-small-en-v1.5}. */
    String id();

    int dimensions();

    /** Unit-norm vectors of passages, in input order. */
    List<float[]> embedDocuments(List<String> texts);

    /** A unit-norm vector of a search query (with whatever instruction the model expects). */
    float[] embedQuery(String query);

    /** Counts tokens as this model sees them, without its special tokens. */
    TokenCounter tokenCounter();

    /** The largest chunk, in content tokens, the model embeds without truncation. */
    int maxChunkTokens();

    /** An in-process model from paved-embedding. */
    static Embedder of(EmbeddingModel model) {
        return new LocalEmbedder(model);
    }
}
