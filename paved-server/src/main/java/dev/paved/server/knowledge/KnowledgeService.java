package dev.paved.server.knowledge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.embed.BatchEmbedder;
import dev.paved.knowledge.embed.Embedder;
import dev.paved.knowledge.embed.QueryVectors;
import dev.paved.knowledge.index.AccessScope;
import dev.paved.knowledge.index.IndexedChunk;
import dev.paved.knowledge.index.KnowledgeIndex;
import dev.paved.knowledge.ingest.IngestPipeline;
import dev.paved.knowledge.ingest.PreparedDocument;
import dev.paved.knowledge.model.ContentHash;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.model.Names;
import dev.paved.knowledge.parse.DocumentParser;
import dev.paved.knowledge.parse.ParseException;
import dev.paved.knowledge.parse.ParsedDocument;
import dev.paved.knowledge.search.Retriever;
import dev.paved.knowledge.search.SearchRequest;
import dev.paved.knowledge.search.SearchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knowledge bases for the HTTP API: ingestion and re-index jobs (run one at a time on a background thread), deletes,
 * and search. PostgreSQL is written first and the index second; an index write that fails after its PostgreSQL
 * commit drops the index, which is then rebuilt from PostgreSQL on next use. Writes to one knowledge base are
 * serialised by a lock; searches never wait for them.
 */
public final class KnowledgeService implements AutoCloseable {

    /** Documents chunked and embedded together, so that embedding batches stay full. */
    static final int GROUP = 16;
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LOCK_WAIT_SECONDS = 10;

    private final KnowledgeStore store;
    private final KbIndexes indexes;
    private final Embedders embedders;
    private final KnowledgeSettings settings;
    private final DocumentParser parser = new DocumentParser();
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "paved-kb-jobs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public KnowledgeService(KnowledgeStore store, KbIndexes indexes, Embedders embedders, KnowledgeSettings settings) {
        this.store = store;
        this.indexes = indexes;
        this.embedders = embedders;
        this.settings = settings;
        int interrupted = store.failInterruptedJobs();
        if (interrupted > 0) {
            LOG.warn("{} knowledge job(s) were interrupted by the last shutdown and are marked failed", interrupted);
        }
    }

    public KnowledgeSettings settings() {
        return settings;
    }

    public Embedders embedders() {
        return embedders;
    }

    // ---- knowledge bases ----

    /** The knowledge base, or NOT_FOUND. */
    public KnowledgeBase get(String tenantId, String name) {
        return store.find(tenantId, validName(name)).orElseThrow(() -> new PavedException(ErrorKind.NOT_FOUND,
                "There is no knowledge base '" + name + "'. Ingest a document into it (POST /v1/kb/" + name
                        + "/documents) or create it with PUT /v1/kb/" + name + ".", "kb", "kb_not_found"));
    }

    public Map<String, Long> counts(KnowledgeBase kb) {
        return store.counts(kb.tenantId(), kb.id());
    }

    /**
     * Creates the knowledge base, or changes its embedding model or chunking: a change re-embeds every document into
     * a new index generation in a background job, and searches switch to it only when it is complete.
     *
     * @return the job, or null when nothing needed to change
     */
    public KnowledgeJob configure(String tenantId, String name, String model, ChunkingConfig chunking) {
        String m = model != null ? validModel(model, tenantId) : null;
        KnowledgeBase kb = store.find(tenantId, validName(name)).orElse(null);
        if (kb == null) {
            store.findOrCreate(tenantId, name, m != null ? m : settings.defaultModel(),
                    chunking != null ? chunking : settings.defaultChunking());
            return null;
        }
        String newModel = m != null ? m : kb.embeddingModel();
        ChunkingConfig newChunking = chunking != null ? chunking : kb.chunking();
        if (newModel.equals(kb.embeddingModel()) && newChunking.equals(kb.chunking())) {
            return null;
        }
        if (kb.pendingGeneration() != null) {
            throw new PavedException(ErrorKind.CONFLICT, "Knowledge base '" + name + "' is already being re-indexed; wait for "
                    + "that job to finish.", "kb", "reindex_in_progress");
        }
        KnowledgeJob job = store.createJob(tenantId, kb.id(), "reindex", 0);
        jobs.execute(() -> runReindex(kb, job, newModel, newChunking));
        return job;
    }

    /** Deletes the knowledge base, its documents, chunks, jobs and index. */
    public void deleteKnowledgeBase(String tenantId, String name) {
        KnowledgeBase kb = get(tenantId, name);
        withLock(kb, () -> {
            store.deleteKnowledgeBase(tenantId, kb.id());
            indexes.drop(kb.id());
            return null;
        });
    }

    // ---- documents ----

    /** Queues an ingestion job, creating the knowledge base with the default settings when needed. */
    public KnowledgeJob submit(String tenantId, String name, List<IngestItem> items) {
        if (items.isEmpty()) {
            throw PavedException.invalid("Send at least one document.", "documents");
        }
        KnowledgeBase kb = store.findOrCreate(tenantId, validName(name), settings.defaultModel(), settings.defaultChunking());
        KnowledgeJob job = store.createJob(tenantId, kb.id(), "ingest", items.size());
        jobs.execute(() -> runIngest(tenantId, kb.id(), job, items));
        return job;
    }

    public KnowledgeJob job(String tenantId, String name, String jobId) {
        KnowledgeBase kb = get(tenantId, name);
        return store.findJob(tenantId, kb.id(), jobId).orElseThrow(() -> new PavedException(ErrorKind.NOT_FOUND,
                "There is no job '" + jobId + "' in knowledge base '" + name + "'.", "job", "job_not_found"));
    }

    /** Deletes one document from PostgreSQL and the index; returns the new knowledge base version. */
    public long deleteDocument(String tenantId, String name, String documentId) {
        KnowledgeBase kb = get(tenantId, name);
        return withLock(kb, () -> {
            long version = store.deleteDocument(tenantId, kb.id(), documentId).orElseThrow(() -> new PavedException(
                    ErrorKind.NOT_FOUND, "There is no document '" + documentId + "' in knowledge base '" + name + "'.",
                    "document_id", "document_not_found"));
            KbIndexes.Active active = indexes.active(kb);
            try {
                active.index().deleteDocument(tenantId, kb.id(), documentId);
                indexes.committed(kb, active, version);
            } catch (RuntimeException e) {
                indexes.invalidate(kb.id());
                LOG.warn("index delete failed for knowledge base {}; it will be rebuilt: {}", kb.id(), e.toString());
            }
            return version;
        });
    }

    // ---- search ----

    /** What a search saw: its result, and the version and model of the index it ran on. */
    public record Searched(SearchResult result, long kbVersion, String embeddingModel, int generation) {
    }

    public Searched search(String tenantId, String name, Set<String> groups, SearchRequest request) {
        return search(tenantId, name, groups, request, new QueryVectors());
    }

    /** A search whose query vector comes from {@code vectors} when it holds one for the index's model (else it is embedded and kept there). */
    public Searched search(String tenantId, String name, Set<String> groups, SearchRequest request, QueryVectors vectors) {
        return search(tenantId, name, null, groups, request, vectors);
    }

    /**
     * As {@link #search(String, String, Set, SearchRequest, QueryVectors)} in a knowledge base the caller already looked
     * up in this request (saves reading it again); a retry after a generation switch reads it afresh.
     */
    public Searched search(KnowledgeBase known, Set<String> groups, SearchRequest request, QueryVectors vectors) {
        return search(known.tenantId(), known.name(), known, groups, request, vectors);
    }

    private Searched search(String tenantId, String name, KnowledgeBase known, Set<String> groups, SearchRequest request, QueryVectors vectors) {
        if (request.rerank() && settings.reranker() == null) {
            throw new PavedException(ErrorKind.INVALID_REQUEST, "Re-ranking is not configured on this server; search without "
                    + "\"rerank\", or ask the platform team to set knowledge.rerank_url or knowledge.rerank_model.", "rerank",
                    "rerank_not_configured");
        }
        for (int attempt = 0; ; attempt++) {
            KnowledgeBase kb = attempt == 0 && known != null ? known : get(tenantId, name);
            KbIndexes.Active active = indexes.active(kb);
            Retriever retriever = new Retriever(embedders.get(active.model(), tenantId), settings.reranker(), settings.rerankCandidates());
            try {
                SearchResult r = retriever.search(active.index(), AccessScope.caller(tenantId, kb.id(), groups), request, vectors);
                return new Searched(r, kb.version(), active.model(), active.generation());
            } catch (AlreadyClosedException e) {
                // The generation was switched or the knowledge base deleted while this search ran: look again.
                if (attempt >= 2) {
                    throw new PavedException(ErrorKind.CONFLICT, "The knowledge base changed during the search; retry.",
                            null, "kb_changed");
                }
            }
        }
    }

    /** Scores documents with the configured re-ranker ({@code /v1/rerank}). */
    public double[] rerank(String query, List<String> documents) {
        if (settings.reranker() == null) {
            throw new PavedException(ErrorKind.NOT_FOUND, "No re-ranker is configured on this server; ask the platform team to "
                    + "set knowledge.rerank_url or knowledge.rerank_model.", null, "rerank_not_configured");
        }
        return settings.reranker().score(query, documents);
    }

    // ---- jobs ----

    private void runIngest(String tenantId, String kbId, KnowledgeJob job, List<IngestItem> items) {
        int done = 0;
        int ingested = 0;
        int unchanged = 0;
        int chunks = 0;
        ArrayNode errors = JSON.createArrayNode();
        long started = System.nanoTime();
        long embedNanos = 0;
        try {
            store.updateJob(tenantId, job.id(), "running", 0, items.size(), null, null);
            for (int from = 0; from < items.size(); from += GROUP) {
                KnowledgeBase kb = store.findById(tenantId, kbId).orElseThrow(() -> new IllegalStateException(
                        "the knowledge base was deleted during ingestion"));
                List<IngestItem> group = items.subList(from, Math.min(items.size(), from + GROUP));
                String settingsKey = kb.embeddingModel() + "|" + ChunkingJson.write(kb.chunking());
                List<DocumentInput> toWrite = new ArrayList<>();
                List<String> hashes = new ArrayList<>();
                for (IngestItem item : group) {
                    try {
                        DocumentInput d = materialise(item);
                        String hash = ContentHash.of(d, settingsKey);
                        var stored = store.findDocument(tenantId, kbId, d.documentId());
                        if (stored.isPresent() && stored.get().contentHash().equals(hash)) {
                            unchanged++;
                        } else {
                            toWrite.add(d);
                            hashes.add(hash);
                        }
                    } catch (ParseException | IllegalArgumentException e) {
                        errors.addObject().put("document_id", item.document().documentId()).put("message", e.getMessage());
                    }
                }
                if (!toWrite.isEmpty()) {
                    Embedder embedder = embedders.get(kb.embeddingModel(), tenantId);
                    try (BatchEmbedder batches = new BatchEmbedder(embedder, BatchEmbedder.DEFAULT_BATCH, 1)) {
                        List<PreparedDocument> prepared = new IngestPipeline(batches).prepare(toWrite, kb.chunking());
                        embedNanos += batches.nanosSpent();
                        for (int i = 0; i < prepared.size(); i++) {
                            chunks += write(kb, prepared.get(i), hashes.get(i));
                            ingested++;
                        }
                    }
                    commitIndex(kb);
                }
                done += group.size();
                store.updateJob(tenantId, job.id(), "running", done, items.size(), null, null);
            }
            boolean allFailed = errors.size() == items.size();
            ObjectNode result = JSON.createObjectNode().put("documents", items.size()).put("ingested", ingested)
                    .put("unchanged", unchanged).put("failed", errors.size()).put("chunks", chunks)
                    .put("seconds", (System.nanoTime() - started) / 1e9).put("embedding_seconds", embedNanos / 1e9);
            result.set("errors", errors);
            store.findById(tenantId, kbId).ifPresent(kb -> result.put("kb_version", kb.version()));
            store.updateJob(tenantId, job.id(), allFailed ? "failed" : "succeeded", done, items.size(), result.toString(),
                    allFailed ? "no document could be ingested; see result.errors" : null);
        } catch (RuntimeException e) {
            LOG.warn("ingestion job {} failed", job.id(), e);
            failQuietly(tenantId, job.id(), done, items.size(), e);
        }
    }

    /**
     * Writes one prepared document to PostgreSQL, then the index (visible to searches at once); returns its chunk
     * count. The index is made durable once per group by {@link #commitIndex}.
     */
    private int write(KnowledgeBase kb, PreparedDocument p, String hash) {
        return withLock(kb, () -> {
            KnowledgeStore.Written w = store.replaceDocument(kb.tenantId(), kb, p, hash, kb.generation());
            KbIndexes.Active active = indexes.active(kb);
            try {
                List<IndexedChunk> entries = p.indexed(kb.tenantId(), kb.id(), ordinal -> w.chunkIds().get(ordinal));
                active.index().replaceDocument(kb.tenantId(), kb.id(), p.document().documentId(), entries);
            } catch (RuntimeException e) {
                indexes.invalidate(kb.id());
                LOG.warn("index write failed for knowledge base {}; it will be rebuilt: {}", kb.id(), e.toString());
            }
            return p.chunks().size();
        });
    }

    /**
     * Commits the index with the knowledge base's current version. Under the lock every write PostgreSQL has is
     * already in the index, so the commit records exactly what the index holds.
     */
    private void commitIndex(KnowledgeBase kb) {
        withLock(kb, () -> {
            store.findById(kb.tenantId(), kb.id()).ifPresent(current -> {
                KbIndexes.Active active = indexes.active(current);
                try {
                    indexes.committed(current, active, current.version());
                } catch (RuntimeException e) {
                    indexes.invalidate(kb.id());
                    LOG.warn("index commit failed for knowledge base {}; it will be rebuilt: {}", kb.id(), e.toString());
                }
            });
            return null;
        });
    }

    private DocumentInput materialise(IngestItem item) {
        DocumentInput d = item.document();
        if (item.file() == null) {
            if (d.text().isBlank()) {
                throw new IllegalArgumentException("the document has no text");
            }
            return d;
        }
        ParsedDocument parsed = parser.parse(item.file(), item.fileName());
        return new DocumentInput(d.documentId(), d.source() != null ? d.source() : item.fileName(),
                d.title() != null ? d.title() : parsed.title(), parsed.text(), parsed.contentType(), d.aclGroups(),
                d.dataClass(), d.metadata());
    }

    private void runReindex(KnowledgeBase original, KnowledgeJob job, String model, ChunkingConfig chunking) {
        String tenantId = original.tenantId();
        ReentrantLock lock = lock(original.id());
        lock.lock();
        KnowledgeIndex next = null;
        try {
            KnowledgeBase kb = store.findById(tenantId, original.id()).orElseThrow(() -> new IllegalStateException(
                    "the knowledge base was deleted"));
            int generation = kb.generation() + 1;
            Embedder embedder = embedders.get(model, tenantId);
            store.setPending(tenantId, kb.id(), generation, model, chunking);
            next = indexes.create(kb, generation, embedder.dimensions());
            long total = store.counts(tenantId, kb.id()).get("documents");
            store.updateJob(tenantId, job.id(), "running", 0, (int) total, null, null);
            int chunks = 0;
            int done = 0;
            try (BatchEmbedder batches = new BatchEmbedder(embedder, BatchEmbedder.DEFAULT_BATCH, 1)) {
                IngestPipeline pipeline = new IngestPipeline(batches);
                String after = null;
                List<KnowledgeStore.StoredInput> page;
                while (!(page = store.documentsAfter(kb, after, GROUP)).isEmpty()) {
                    List<PreparedDocument> prepared = pipeline.prepare(page.stream().map(KnowledgeStore.StoredInput::document).toList(),
                            chunking);
                    for (int i = 0; i < prepared.size(); i++) {
                        PreparedDocument p = prepared.get(i);
                        List<String> ids = store.insertGenerationChunks(tenantId, kb.id(), page.get(i).rowId(), generation, p);
                        next.addAll(p.indexed(tenantId, kb.id(), ids::get));
                        chunks += ids.size();
                    }
                    done += page.size();
                    after = page.getLast().document().documentId();
                    store.updateJob(tenantId, job.id(), "running", done, (int) total, null, null);
                }
            }
            KnowledgeBase switched = store.switchGeneration(tenantId, kb.id());
            next.commit(Map.of("kb_version", Long.toString(switched.version()), "model", switched.embeddingModel(),
                    "generation", Integer.toString(switched.generation())));
            indexes.activate(switched, next);
            next = null;
            ObjectNode result = JSON.createObjectNode().put("documents", done).put("chunks", chunks)
                    .put("embedding_model", model).put("generation", generation).put("kb_version", switched.version());
            store.updateJob(tenantId, job.id(), "succeeded", done, done, result.toString(), null);
        } catch (RuntimeException e) {
            LOG.warn("re-index job {} failed; the knowledge base keeps its previous generation", job.id(), e);
            if (next != null) {
                try {
                    next.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            try {
                store.clearPending(tenantId, original.id());
            } catch (RuntimeException clearFailure) {
                e.addSuppressed(clearFailure);
            }
            failQuietly(tenantId, job.id(), 0, 0, e);
        } finally {
            lock.unlock();
        }
    }

    private void failQuietly(String tenantId, String jobId, int done, int total, RuntimeException e) {
        try {
            store.updateJob(tenantId, jobId, "failed", done, total, null, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException again) {
            LOG.warn("could not record the failure of job {}: {}", jobId, again.toString());
        }
    }

    private <T> T withLock(KnowledgeBase kb, java.util.function.Supplier<T> work) {
        ReentrantLock lock = lock(kb.id());
        try {
            if (!lock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new PavedException(ErrorKind.CONFLICT, "Knowledge base '" + kb.name() + "' is busy (a re-index or large "
                        + "ingestion is running); retry when its job has finished.", "kb", "kb_busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PavedException(ErrorKind.UNAVAILABLE, "Interrupted while waiting for the knowledge base.", null, "interrupted");
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock(String kbId) {
        return locks.computeIfAbsent(kbId, k -> new ReentrantLock());
    }

    private String validModel(String model, String tenantId) {
        try {
            embedders.get(model, tenantId);
            return model;
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage(), "embedding_model");
        }
    }

    private static String validName(String name) {
        try {
            return Names.kb(name);
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage(), "kb");
        }
    }

    @Override
    public void close() {
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        indexes.close();
    }
}
