package dev.paved.knowledge.search;

import dev.paved.knowledge.index.MetadataFilter;

/**
 * One search.
 *
 * @param query         the user's query text
 * @param mode          bm25, dense or hybrid
 * @param topK          hits returned
 * @param filter        metadata filter (never the tenant: that comes from the access scope)
 * @param bm25Weight    weight of the BM25 ranking in reciprocal-rank fusion
 * @param denseWeight   weight of the dense ranking in reciprocal-rank fusion
 * @param rrfK          the rank constant of reciprocal-rank fusion (60 in the original paper)
 * @param candidates    hits each retriever contributes before fusion, MMR and re-ranking
 * @param mmrLambda     MMR trade-off between relevance (1.0) and diversity (0.0), or null for no MMR
 * @param rerank        whether to re-rank the candidates with the configured cross-encoder
 */
public record SearchRequest(String query, SearchMode mode, int topK, MetadataFilter filter, double bm25Weight,
                            double denseWeight, int rrfK, int candidates, Double mmrLambda, boolean rerank) {

    public static final int MAX_TOP_K = 1000;
    public static final int DEFAULT_TOP_K = 10;
    public static final int DEFAULT_RRF_K = 60;

    public SearchRequest {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("query must not be empty");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (topK < 1 || topK > MAX_TOP_K) {
            throw new IllegalArgumentException("top_k must be between 1 and " + MAX_TOP_K + ", got " + topK);
        }
        filter = filter == null ? MetadataFilter.NONE : filter;
        if (bm25Weight < 0 || denseWeight < 0 || bm25Weight + denseWeight == 0 || Double.isNaN(bm25Weight + denseWeight)) {
            throw new IllegalArgumentException("fusion weights must be non-negative and not both 0");
        }
        if (rrfK < 1) {
            throw new IllegalArgumentException("rrf_k must be at least 1, got " + rrfK);
        }
        candidates = Math.max(candidates, topK);
        if (candidates > 2 * MAX_TOP_K) {
            throw new IllegalArgumentException("candidates must be at most " + 2 * MAX_TOP_K);
        }
        if (mmrLambda != null && (mmrLambda < 0 || mmrLambda > 1)) {
            throw new IllegalArgumentException("mmr_lambda must be between 0 and 1, got " + mmrLambda);
        }
    }

    /** Hybrid search with equal weights, 10 hits from 50 candidates per retriever, no MMR, no re-ranking. */
    public static SearchRequest of(String query) {
        return new SearchRequest(query, SearchMode.HYBRID, DEFAULT_TOP_K, MetadataFilter.NONE, 1, 1, DEFAULT_RRF_K, 50,
                null, false);
    }

    public SearchRequest withMode(SearchMode m) {
        return new SearchRequest(query, m, topK, filter, bm25Weight, denseWeight, rrfK, candidates, mmrLambda, rerank);
    }

    public SearchRequest withTopK(int k, int candidateCount) {
        return new SearchRequest(query, mode, k, filter, bm25Weight, denseWeight, rrfK, candidateCount, mmrLambda, rerank);
    }

    public SearchRequest withRerank(boolean r) {
        return new SearchRequest(query, mode, topK, filter, bm25Weight, denseWeight, rrfK, candidates, mmrLambda, r);
    }

    public SearchRequest withMmr(Double lambda) {
        return new SearchRequest(query, mode, topK, filter, bm25Weight, denseWeight, rrfK, candidates, lambda, rerank);
    }

    public SearchRequest withFilter(MetadataFilter f) {
        return new SearchRequest(query, mode, topK, f, bm25Weight, denseWeight, rrfK, candidates, mmrLambda, rerank);
    }
}
