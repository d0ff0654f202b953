package dev.paved.knowledge.index;

/** A Lucene document id, valid only within the {@link ScopedSearcher} that returned it, and its score. */
public record ScoredDoc(int doc, float score) {
}
