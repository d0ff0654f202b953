package dev.paved.knowledge.search;

import dev.paved.knowledge.embed.Embedder;
import dev.paved.knowledge.embed.QueryVectors;
import dev.paved.knowledge.index.AccessScope;
import dev.paved.knowledge.index.KnowledgeIndex;
import dev.paved.knowledge.index.ScopedSearcher;
import dev.paved.knowledge.index.ScoredDoc;
import dev.paved.knowledge.index.StoredChunk;
import dev.paved.knowledge.rerank.Reranker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a search as explicit, timed stages: query embedding, BM25, dense k-NN, reciprocal-rank fusion, optional MMR,
 * optional cross-encoder re-ranking, and loading the hits. Parent-document chunks that share a parent are returned
 * once. Thread-safe.
 */
public final class Retriever {

    public static final int DEFAULT_RERANK_CANDIDATES = 50;

    private final Embedder embedder;
    private final Reranker reranker;
    private final int rerankCandidates;

    /** {@code reranker} may be null: requests for re-ranking then fail with {@link IllegalStateException}. */
    public Retriever(Embedder embedder, Reranker reranker, int rerankCandidates) {
        this.embedder = embedder;
        this.reranker = reranker;
        this.rerankCandidates = rerankCandidates;
    }

    public Embedder embedder() {
        return embedder;
    }

    public boolean canRerank() {
        return reranker != null;
    }

    public SearchResult search(KnowledgeIndex index, AccessScope scope, SearchRequest r) {
        return search(index, scope, r, new QueryVectors());
    }

    /** As {@link #search(KnowledgeIndex, AccessScope, SearchRequest)}, taking the query vector from {@code vectors} when it is there. */
    public SearchResult search(KnowledgeIndex index, AccessScope scope, SearchRequest r, QueryVectors vectors) {
        if (r.rerank() && reranker == null) {
            throw new IllegalStateException("re-ranking is not configured");
        }
        StageTimings t = new StageTimings();
        float[] queryVector = null;
        if (r.mode() != SearchMode.BM25 || r.mmrLambda() != null) {
            queryVector = vectors.of(embedder, r.query());
            t.lap("embed_query");
        }
        try (ScopedSearcher s = index.searcher(scope)) {
            List<ScoredDoc> bm25 = List.of();
            List<ScoredDoc> dense = List.of();
            if (r.mode() != SearchMode.DENSE) {
                bm25 = s.bm25(r.query(), r.filter(), r.candidates());
                t.lap("bm25");
            }
            if (r.mode() != SearchMode.BM25) {
                dense = s.dense(queryVector, r.filter(), r.candidates());
                t.lap("dense");
            }
            List<ReciprocalRankFusion.Fused> ranked = switch (r.mode()) {
                case BM25 -> single(bm25, true);
                case DENSE -> single(dense, false);
                case HYBRID -> ReciprocalRankFusion.fuse(bm25, r.bm25Weight(), dense, r.denseWeight(), r.rrfK());
            };
            if (r.mode() == SearchMode.HYBRID) {
                t.lap("fusion");
            }
            if (r.mmrLambda() != null && !ranked.isEmpty()) {
                ranked = mmr(s, queryVector, ranked, r);
                t.lap("mmr");
            }
            String rerankedBy = null;
            List<Candidate> candidates = new ArrayList<>(ranked.size());
            for (ReciprocalRankFusion.Fused f : ranked) {
                candidates.add(new Candidate(f, f.score(), null));
            }
            if (r.rerank() && !candidates.isEmpty()) {
                candidates = rerank(s, r.query(), candidates);
                rerankedBy = reranker.name();
                t.lap("rerank");
            }
            List<SearchHit> hits = load(s, candidates, r.topK());
            t.lap("load");
            return new SearchResult(hits, t.finish(), rerankedBy);
        }
    }

    private record Candidate(ReciprocalRankFusion.Fused fused, double score, StoredChunk chunk) {
    }

    private static List<ReciprocalRankFusion.Fused> single(List<ScoredDoc> docs, boolean bm25) {
        List<ReciprocalRankFusion.Fused> out = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            ScoredDoc d = docs.get(i);
            // Lucene scores DOT_PRODUCT vectors as (1 + cos) / 2; report the cosine itself.
            double score = bm25 ? d.score() : 2.0 * d.score() - 1.0;
            out.add(new ReciprocalRankFusion.Fused(d.doc(), score, bm25 ? i + 1 : 0, bm25 ? 0 : i + 1));
        }
        return out;
    }

    private static List<ReciprocalRankFusion.Fused> mmr(ScopedSearcher s, float[] q, List<ReciprocalRankFusion.Fused> ranked,
                                                        SearchRequest r) {
        List<float[]> vectors = new ArrayList<>(ranked.size());
        for (ReciprocalRankFusion.Fused f : ranked) {
            vectors.add(s.vector(f.doc()));
        }
        List<ReciprocalRankFusion.Fused> out = new ArrayList<>();
        for (int i : MaximalMarginalRelevance.select(q, vectors, ranked.size(), r.mmrLambda())) {
            out.add(ranked.get(i));
        }
        return out;
    }

    private List<Candidate> rerank(ScopedSearcher s, String query, List<Candidate> in) {
        int n = Math.min(in.size(), rerankCandidates);
        List<Candidate> head = new ArrayList<>(n);
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StoredChunk c = s.load(in.get(i).fused().doc());
            head.add(new Candidate(in.get(i).fused(), 0, c));
            texts.add(passage(c));
        }
        double[] scores = reranker.score(query, texts);
        if (scores.length != n) {
            throw new IllegalStateException("the re-ranker returned " + scores.length + " scores for " + n + " documents");
        }
        List<Candidate> out = new ArrayList<>(in.size());
        for (int i = 0; i < n; i++) {
            out.add(new Candidate(head.get(i).fused(), scores[i], head.get(i).chunk()));
        }
        out.sort(Comparator.comparingDouble(Candidate::score).reversed());
        // Candidates past the re-ranking window keep their order below the re-ranked ones.
        out.addAll(in.subList(n, in.size()));
        return out;
    }

    private static String passage(StoredChunk c) {
        String body = c.context() != null ? c.context() : c.text();
        return c.title() == null || body.startsWith(c.title()) ? body : c.title() + "\n" + body;
    }

    private static List<SearchHit> load(ScopedSearcher s, List<Candidate> candidates, int topK) {
        List<SearchHit> hits = new ArrayList<>(Math.min(topK, candidates.size()));
        Set<String> parents = new HashSet<>();
        for (Candidate c : candidates) {
            if (hits.size() >= topK) {
                break;
            }
            StoredChunk chunk = c.chunk() != null ? c.chunk() : s.load(c.fused().doc());
            if (chunk.parent() >= 0 && !parents.add(chunk.documentId() + "\u0000" + chunk.parent())) {
                continue;
            }
            hits.add(new SearchHit(chunk.chunkId(), chunk.documentId(), chunk.ordinal(), c.score(), c.fused().bm25Rank(),
                    c.fused().denseRank(), chunk.text(), chunk.context(), chunk.source(), chunk.title(),
                    chunk.dataClass(), chunk.metadata()));
        }
        return hits;
    }
}
