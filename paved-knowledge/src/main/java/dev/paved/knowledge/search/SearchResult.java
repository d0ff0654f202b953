package dev.paved.knowledge.search;

import java.util.List;
import java.util.Map;

/**
 * What a search returns.
 *
 * @param hits          ranked hits, at most top_k
 * @param timingsMs     per-stage wall time (embed_query, bm25, dense, fusion, mmr, rerank, load, total)
 * @param rerankedBy    the re-ranker's name when re-ranking ran, else null
 */
public record SearchResult(List<SearchHit> hits, Map<String, Double> timingsMs, String rerankedBy) {
}
