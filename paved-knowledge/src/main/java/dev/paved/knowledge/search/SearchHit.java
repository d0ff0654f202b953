package dev.paved.knowledge.search;

import java.util.Map;

/**
 * One result.
 *
 * @param score       the final score: BM25, cosine similarity, fused RRF score, or the re-ranker's relevance
 * @param bm25Rank    rank in the BM25 list (1-based), or 0 when BM25 did not return it
 * @param denseRank   rank in the dense list (1-based), or 0
 * @param context     the surrounding text to give a model (window or parent section), or null to use {@code text}
 */
public record SearchHit(String chunkId, String documentId, int ordinal, double score, int bm25Rank, int denseRank,
                        String text, String context, String source, String title, String dataClass,
                        Map<String, String> metadata) {
}
