package dev.paved.embedding;

import java.util.List;

/**
 * A text embedding model that runs in this process.
 *
 * <p>Implementations are thread-safe: {@link #embed} and {@link #embedQuery} may be called concurrently.
 * Every returned vector has {@link #dimensions()} components and unit L2 norm, so the cosine similarity of two
 * vectors is their dot product.
 */
public interface EmbeddingModel extends AutoCloseable {

    /** Stable model id, e.g. {@code "bge-small-en-v1.5"}. */
    String id();

    /** Length of every vector this model returns. */
    int dimensions();

    /** Longest input, in tokens including special tokens, the model sees; longer texts are truncated to it. */
    int maxTokens();

    /**
     * Embeds texts as documents (passages), unchanged. Texts longer than {@link #maxTokens()} are truncated.
     *
     * @return one L2-normalised vector per text, in the order of {@code texts}
     */
    List<float[]> embed(List<String> texts);

    /**
     * Embeds a search query, applying whatever query-side instruction the model was trained with, so that the result
     * is comparable with {@link #embed} vectors of the passages it should retrieve.
     */
    float[] embedQuery(String query);

    /**
     * Number of tokens the model would see for {@code text} before truncation, including special tokens. A value
     * above {@link #maxTokens()} means {@link #embed} truncates the text.
     */
    int countTokens(String text);

    /** Frees the native resources; later calls to the embedding methods fail with {@link IllegalStateException}. */
    @Override
    void close();
}
