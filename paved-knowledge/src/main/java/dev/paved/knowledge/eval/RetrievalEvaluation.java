package dev.paved.knowledge.eval;

import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.embed.BatchEmbedder;
import dev.paved.knowledge.embed.Embedder;
import dev.paved.knowledge.index.AccessScope;
import dev.paved.knowledge.index.KnowledgeIndex;
import dev.paved.knowledge.ingest.IngestPipeline;
import dev.paved.knowledge.ingest.PreparedDocument;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.rerank.Reranker;
import dev.paved.knowledge.search.Retriever;
import dev.paved.knowledge.search.SearchHit;
import dev.paved.knowledge.search.SearchMode;
import dev.paved.knowledge.search.SearchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ingests a BEIR corpus into an in-memory index (the same chunking, embedding and index code as the server) and
 * measures every retrieval configuration on its judged queries. Chunk hits are collapsed to documents, first hit
 * first, since judgements are per document.
 */
public final class RetrievalEvaluation {

    /** Documents handed to the pipeline at a time. */
    public static final int INGEST_BATCH = 256;
    private static final String TENANT = "eval";
    private static final String KB = "eval";

    private RetrievalEvaluation() {
    }

    public static RetrievalReport run(BeirDataset data, Embedder embedder, Reranker reranker, ChunkingConfig chunking,
                                      Progress progress) {
        try (KnowledgeIndex index = KnowledgeIndex.inMemory(embedder.dimensions());
             BatchEmbedder batches = new BatchEmbedder(embedder, BatchEmbedder.DEFAULT_BATCH, 1)) {
            RetrievalReport.Ingestion ingestion = ingest(data.corpus(), new IngestPipeline(batches), chunking, index, progress);
            Retriever retriever = new Retriever(embedder, reranker, Retriever.DEFAULT_RERANK_CANDIDATES);
            AccessScope scope = AccessScope.maintenance(TENANT, KB);
            Map<String, RetrievalReport.Stage> stages = new LinkedHashMap<>();
            stages.put("bm25", measure(data, retriever, index, scope, SearchMode.BM25, false, progress));
            stages.put("dense", measure(data, retriever, index, scope, SearchMode.DENSE, false, progress));
            stages.put("hybrid", measure(data, retriever, index, scope, SearchMode.HYBRID, false, progress));
            String notes = null;
            if (reranker != null) {
                stages.put("rerank", measure(data, retriever, index, scope, SearchMode.HYBRID, true, progress));
            } else {
                notes = "rerank not measured: no re-ranker configured (pass --rerank-url)";
            }
            return new RetrievalReport(stages, ingestion, notes);
        }
    }

    private static RetrievalReport.Ingestion ingest(List<DocumentInput> corpus, IngestPipeline pipeline, ChunkingConfig chunking,
                                                    KnowledgeIndex index, Progress progress) {
        long started = System.nanoTime();
        int chunks = 0;
        for (int from = 0; from < corpus.size(); from += INGEST_BATCH) {
            List<DocumentInput> batch = corpus.subList(from, Math.min(corpus.size(), from + INGEST_BATCH));
            List<dev.paved.knowledge.index.IndexedChunk> entries = new ArrayList<>();
            for (PreparedDocument p : pipeline.prepare(batch, chunking)) {
                entries.addAll(p.indexed(TENANT, KB, ordinal -> p.document().documentId() + "#" + ordinal));
            }
            index.addAll(entries);
            chunks += entries.size();
            progress.update("ingest", Math.min(corpus.size(), from + INGEST_BATCH), corpus.size());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double embedding = pipeline.embedder().nanosSpent() / 1e9;
        return new RetrievalReport.Ingestion(corpus.size(), chunks, seconds, seconds == 0 ? 0 : chunks / seconds,
                seconds == 0 ? 0 : Math.min(1, embedding / seconds), pipeline.embedder().embedder().id());
    }

    private static RetrievalReport.Stage measure(BeirDataset data, Retriever retriever, KnowledgeIndex index, AccessScope scope,
                                                 SearchMode mode, boolean rerank, Progress progress) {
        String phase = rerank ? "rerank" : mode.wireName();
        double ndcg = 0;
        double r10 = 0;
        double r100 = 0;
        double mrr = 0;
        double[] latency = new double[data.queries().size()];
        int i = 0;
        for (Map.Entry<String, String> q : data.queries().entrySet()) {
            SearchRequest request = SearchRequest.of(q.getValue()).withMode(mode).withTopK(200, 200).withRerank(rerank);
            long started = System.nanoTime();
            List<SearchHit> hits = retriever.search(index, scope, request).hits();
            latency[i] = (System.nanoTime() - started) / 1e6;
            List<String> docs = documents(hits);
            Map<String, Integer> rel = data.qrels().get(q.getKey());
            ndcg += RetrievalMetrics.ndcg(docs, rel, 10);
            r10 += RetrievalMetrics.recall(docs, rel, 10);
            r100 += RetrievalMetrics.recall(docs, rel, 100);
            mrr += RetrievalMetrics.mrr(docs, rel, 10);
            i++;
            progress.update(phase, i, latency.length);
        }
        int n = Math.max(1, latency.length);
        return new RetrievalReport.Stage(ndcg / n, r10 / n, r100 / n, mrr / n, Percentiles.of(latency, 50),
                Percentiles.of(latency, 95), latency.length);
    }

    private static List<String> documents(List<SearchHit> hits) {
        Set<String> docs = new LinkedHashSet<>();
        for (SearchHit h : hits) {
            docs.add(h.documentId());
        }
        return new ArrayList<>(docs);
    }
}
