package dev.paved.rag;

import java.util.Objects;

/**
 * One retrieved chunk as the RAG lifecycle sees it.
 *
 * @param chunkId    the chunk's id in its knowledge base
 * @param documentId the document it belongs to
 * @param kb         the knowledge base it came from
 * @param title      the document's title, or null
 * @param source     where the document came from (file name, URL), or null
 * @param text       the text given to the model (the chunk's context window when it has one)
 * @param score      the retrieval score (fused rank score, or the re-ranker's relevance)
 */
public record Passage(String chunkId, String documentId, String kb, String title, String source, String text, double score) {
    public Passage {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(text, "text");
    }

    /** The same passage with other text (redacted or fenced by the retrieved-content guard). */
    public Passage withText(String newText) {
        return new Passage(chunkId, documentId, kb, title, source, newText, score);
    }
}
