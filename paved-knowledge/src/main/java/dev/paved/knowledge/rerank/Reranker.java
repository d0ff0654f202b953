package dev.paved.knowledge.rerank;

import java.util.List;

/** Scores how relevant each document is to a query (a cross-encoder); higher is more relevant. Thread-safe. */
public interface Reranker {

    /** A short name for results and traces, e.g. the model id. */
    String name();

    /** One relevance score per document, in the order of {@code documents}. */
    double[] score(String query, List<String> documents);
}
