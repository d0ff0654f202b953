package dev.paved.knowledge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paved.knowledge.HashingEmbedder;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.chunk.ChunkingStrategy;
import dev.paved.knowledge.chunk.TokenCounter;
import dev.paved.knowledge.embed.BatchEmbedder;
import dev.paved.knowledge.embed.Embedder;
import dev.paved.knowledge.embed.QueryVectors;
import dev.paved.knowledge.index.AccessScope;
import dev.paved.knowledge.index.KnowledgeIndex;
import dev.paved.knowledge.index.ScoredDoc;
import dev.paved.knowledge.ingest.IngestPipeline;
import dev.paved.knowledge.ingest.PreparedDocument;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.rerank.Reranker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrieverTest {

    private static final HashingEmbedder EMBED = new HashingEmbedder();

    private static DocumentInput doc(String id, String text) {
        return new DocumentInput(id, id + ".md", null, text, "text/markdown", List.of(), null, Map.of());
    }

    private static KnowledgeIndex index(ChunkingConfig config, DocumentInput... docs) {
        KnowledgeIndex index = KnowledgeIndex.inMemory(EMBED.dimensions());
        try (BatchEmbedder b = new BatchEmbedder(EMBED, 2, 2)) {
            for (PreparedDocument p : new IngestPipeline(b).prepare(List.of(docs), config)) {
                index.replaceDocument("t", "kb", p.document().documentId(),
                        p.indexed("t", "kb", o -> p.document().documentId() + "#" + o));
            }
        }
        return index;
    }

    @Test
    void reciprocalRankFusionAddsWeightedReciprocalRanks() {
        List<ScoredDoc> bm25 = List.of(new ScoredDoc(1, 9), new ScoredDoc(2, 5));
        List<ScoredDoc> dense = List.of(new ScoredDoc(2, 0.9f), new ScoredDoc(3, 0.8f));
        List<ReciprocalRankFusion.Fused> f = ReciprocalRankFusion.fuse(bm25, 1, dense, 2, 60);
        assertThat(f).extracting(ReciprocalRankFusion.Fused::doc).containsExactly(2, 3, 1);
        assertThat(f.get(0).score()).isCloseTo(1.0 / 62 + 2.0 / 61, within(1e-12));
        assertThat(f.get(0).bm25Rank()).isEqualTo(2);
        assertThat(f.get(0).denseRank()).isEqualTo(1);
        assertThat(f.get(2).denseRank()).isZero();
    }

    @Test
    void maximalMarginalRelevanceSkipsNearDuplicates() {
        float[] q = {1, 0};
        float[] a = {0.98f, 0.199f};
        float[] dupOfA = {0.98f, 0.199f};
        float[] b = {0.8f, -0.6f};
        assertThat(MaximalMarginalRelevance.select(q, List.of(a, dupOfA, b), 2, 0.5)).containsExactly(0, 2);
        assertThat(MaximalMarginalRelevance.select(q, List.of(a, dupOfA, b), 2, 1.0)).containsExactly(0, 1);
    }

    @Test
    void modesFindTheRightDocumentAndReportStageTimings() {
        try (KnowledgeIndex index = index(ChunkingConfig.defaults(),
                doc("pets", "Cats and dogs are common pets."),
                doc("space", "Rockets reach orbit with enough velocity."),
                doc("food", "Bread is baked from flour and water."))) {
            Retriever r = new Retriever(EMBED, null, 50);
            AccessScope scope = AccessScope.caller("t", "kb", Set.of());
            for (SearchMode mode : SearchMode.values()) {
                SearchResult res = r.search(index, scope, SearchRequest.of("rockets orbit").withMode(mode));
                assertThat(res.hits().get(0).documentId()).as(mode.wireName()).isEqualTo("space");
                assertThat(res.timingsMs()).containsKey("total").containsKey("load");
            }
            SearchResult hybrid = r.search(index, scope, SearchRequest.of("rockets orbit"));
            assertThat(hybrid.timingsMs()).containsKeys("embed_query", "bm25", "dense", "fusion");
            assertThat(hybrid.hits().get(0).bm25Rank()).isEqualTo(1);
            assertThat(hybrid.hits().get(0).denseRank()).isEqualTo(1);
            SearchResult mmr = r.search(index, scope, SearchRequest.of("rockets").withMmr(0.5));
            assertThat(mmr.timingsMs()).containsKey("mmr");
        }
    }

    @Test
    void rerankingReordersCandidates() {
        Reranker prefersBread = new Reranker() {
            @Override
            public String name() {
                return "bread-lover";
            }

            @Override
            public double[] score(String query, List<String> documents) {
                return documents.stream().mapToDouble(d -> d.contains("Bread") ? 10 : 0).toArray();
            }
        };
        try (KnowledgeIndex index = index(ChunkingConfig.defaults(),
                doc("space", "Rockets reach orbit with enough velocity and rockets."),
                doc("food", "Bread is baked; rockets are not bread."))) {
            Retriever r = new Retriever(EMBED, prefersBread, 50);
            SearchResult res = r.search(index, AccessScope.caller("t", "kb", Set.of()), SearchRequest.of("rockets").withRerank(true));
            assertThat(res.rerankedBy()).isEqualTo("bread-lover");
            assertThat(res.hits()).extracting(SearchHit::documentId).containsExactly("food", "space");
            assertThat(res.hits().get(0).score()).isEqualTo(10.0);
            assertThat(res.timingsMs()).containsKey("rerank");
        }
    }

    @Test
    void parentDocumentHitsReturnTheirParentOnce() {
        String text = "Alpha beta gamma delta. Alpha beta epsilon zeta. Eta theta iota kappa.";
        ChunkingConfig config = new ChunkingConfig(ChunkingStrategy.PARENT_DOCUMENT, 8, 0, 1, 200);
        try (KnowledgeIndex index = index(config, doc("greek", text))) {
            SearchResult res = new Retriever(EMBED, null, 50).search(index, AccessScope.caller("t", "kb", Set.of()),
                    SearchRequest.of("alpha beta"));
            assertThat(res.hits()).hasSize(1);
            assertThat(res.hits().get(0).context()).isEqualTo(text);
        }
    }

    @Test
    void aQueryVectorAlreadyKnownForTheModelIsSearchedWithAndNotEmbeddedAgain() {
        AtomicInteger embedded = new AtomicInteger();
        Embedder counting = new Embedder() {
            @Override
            public String id() {
                return EMBED.id();
            }

            @Override
            public int dimensions() {
                return EMBED.dimensions();
            }

            @Override
            public List<float[]> embedDocuments(List<String> texts) {
                return EMBED.embedDocuments(texts);
            }

            @Override
            public float[] embedQuery(String query) {
                embedded.incrementAndGet();
                return EMBED.embedQuery(query);
            }

            @Override
            public TokenCounter tokenCounter() {
                return EMBED.tokenCounter();
            }

            @Override
            public int maxChunkTokens() {
                return EMBED.maxChunkTokens();
            }
        };
        try (KnowledgeIndex index = index(ChunkingConfig.defaults(),
                doc("space", "Rockets reach orbit with enough velocity."),
                doc("food", "Bread is baked from flour and water."))) {
            Retriever r = new Retriever(counting, null, 50);
            AccessScope scope = AccessScope.caller("t", "kb", Set.of());
            SearchRequest dense = SearchRequest.of("rockets orbit").withMode(SearchMode.DENSE);

            // A vector given for this model and query is the one searched with: here deliberately another text's.
            QueryVectors given = new QueryVectors();
            given.put(EMBED.id(), "rockets orbit", EMBED.embedQuery("bread flour"));
            assertThat(r.search(index, scope, dense, given).hits().get(0).documentId()).isEqualTo("food");
            assertThat(embedded).hasValue(0);

            // A vector of another model, or of another query, is not used; what is embedded is kept for the next search.
            QueryVectors other = new QueryVectors();
            other.put("another-model", "rockets orbit", EMBED.embedQuery("bread flour"));
            other.put(EMBED.id(), "bread flour", EMBED.embedQuery("bread flour"));
            assertThat(r.search(index, scope, dense, other).hits().get(0).documentId()).isEqualTo("space");
            assertThat(embedded).hasValue(1);
            assertThat(r.search(index, scope, SearchRequest.of("rockets orbit"), other).hits().get(0).documentId()).isEqualTo("space");
            assertThat(embedded).hasValue(1);
            r.search(index, scope, dense);
            assertThat(embedded).hasValue(2);
        }
    }
}
