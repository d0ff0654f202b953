package dev.paved.gateway.cache;

/**
 * Which text of a question the semantic cache embeds. The two forms give different vectors for the same question
 * (cosine about 0.94-0.98 between them), so the form is part of an entry's scope: an entry is only ever compared with
 * lookups of its own form.
 */
public enum QueryForm {
    /** The question as it is: chat calls through the gateway. */
    TEXT,
    /**
     * The question with the embedding model's retrieval-query instruction ({@code EmbeddingModel.embedQuery}): the
     * vector a knowledge-base search of the same model needs, so a RAG request embeds its question once for both.
     */
    SEARCH;

    /** What the scope says about the vector space: the model id, plus the form when it is not the plain text. */
    String scopePart(String embeddingModel) {
        return this == TEXT ? embeddingModel : embeddingModel + "+search-query";
    }
}
