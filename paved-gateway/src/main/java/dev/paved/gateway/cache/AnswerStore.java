package dev.paved.gateway.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Cached answers in an in-memory Lucene index: a keyword field for exact lookups, an HNSW vector field
 * (dot product over normalised embeddings, i.e. cosine) for semantic ones, filtered by scope and expiry
 * inside the search. Writes become searchable at the next refresh (at most once a second, done by the next
 * lookup); until then they are found in a small pending map, so a write is visible at once. Each tenant
 * keeps at most {@code maxEntriesPerTenant} entries, oldest evicted first.
 */
public final class AnswerStore implements AutoCloseable {
    /**
     * How often lookups reopen the index reader. Each reopen after writes flushes a segment with its own HNSW graph,
     * and a k-NN search visits every segment, so reopening rarely keeps searches fast; the pending map covers the gap.
     */
    private static final long REFRESH_NANOS = 1_000_000_000L;
    /** Neighbours asked of the graph: more than one, because the best of a few approximate candidates is found more reliably. */
    private static final int CANDIDATES = 8;

    private record Pending(CachedAnswer answer, long addedNanos) {
    }

    private record Live(String tenantId, long expiresMillis) {
    }

    private final int maxEntriesPerTenant;
    private final Directory dir;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /**
     * Written entries not yet in the searched reader. Replaced by a fresh map at each refresh rather than emptied: a
     * hash map keeps its grown table, and every lookup walks this one, so a burst of writes would slow lookups for good.
     * Changes take {@code pendingLock} so a swap never loses a write or resurrects a removed entry; lookups read it
     * without a lock.
     */
    private volatile Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Object pendingLock = new Object();
    private final Map<String, ArrayDeque<String>> byTenant = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private volatile long lastRefresh = System.nanoTime();

    /** A store held on the heap (for tests and small deployments). */
    public AnswerStore(int maxEntriesPerTenant) {
        this(maxEntriesPerTenant, null);
    }

    /**
     * @param indexDir where the index lives, memory-mapped: k-NN search then scores vectors straight from the mapped
     *     file with SIMD, about twice as fast as from heap buffers (docs/benchmarks.md). Emptied on open, since the
     *     bookkeeping of live entries is in memory. Null keeps the index on the heap.
     */
    public AnswerStore(int maxEntriesPerTenant, Path indexDir) {
        this.maxEntriesPerTenant = maxEntriesPerTenant;
        try {
            dir = indexDir == null ? new ByteBuffersDirectory() : new MMapDirectory(Files.createDirectories(indexDir));
            IndexWriterConfig iwc = new IndexWriterConfig().setRAMBufferSizeMB(64).setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            writer = new IndexWriter(dir, iwc);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds an answer; replaces one with the same id (a replica's copy of an entry already here). */
    public void put(CachedAnswer a) {
        Document d = new Document();
        d.add(new StringField("id", a.id(), Field.Store.NO));
        d.add(new StringField("tenant", a.tenantId(), Field.Store.NO));
        d.add(new StringField("scope", a.scope(), Field.Store.NO));
        d.add(new StringField("exact", a.exactKey(), Field.Store.NO));
        d.add(new StringField("tools", a.toolCalls() ? "1" : "0", Field.Store.NO));
        d.add(new LongPoint("expires", a.expiresMillis()));
        d.add(new org.apache.lucene.document.NumericDocValuesField("created", a.createdMillis()));
        if (a.vector() != null) {
            d.add(new KnnFloatVectorField("vector", a.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        d.add(new StoredField("payload", new BytesRef(AnswerCodec.encode(a))));
        try {
            writer.updateDocument(new Term("id", a.id()), d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (pendingLock) {
            pending.put(a.id(), new Pending(a, System.nanoTime()));
        }
        if (live.putIfAbsent(a.id(), new Live(a.tenantId(), a.expiresMillis())) != null) {
            return;
        }
        String evicted = null;
        ArrayDeque<String> ids = byTenant.computeIfAbsent(a.tenantId(), t -> new ArrayDeque<>());
        synchronized (ids) {
            ids.addLast(a.id());
            if (ids.size() > maxEntriesPerTenant) {
                evicted = ids.pollFirst();
            }
        }
        if (evicted != null) {
            remove(evicted);
            evictions.incrementAndGet();
        }
    }

    /** The newest live answer stored under this exact key. */
    public Optional<CachedAnswer> exact(String exactKey, long nowMillis) {
        CachedAnswer best = null;
        for (Pending p : pending.values()) {
            CachedAnswer a = p.answer();
            if (a.exactKey().equals(exactKey) && a.expiresMillis() > nowMillis && (best == null || a.createdMillis() > best.createdMillis())) {
                best = a;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        // Expiry is checked on the loaded answers rather than in the query: a range clause over every document would
        // cost more than the lookup itself, and the sweep deletes expired answers anyway.
        return search(s -> {
            TopDocs top = s.search(new TermQuery(new Term("exact", exactKey)), 4, new Sort(new SortField("created", SortField.Type.LONG, true)));
            for (ScoreDoc d : top.scoreDocs) {
                CachedAnswer a = load(s, d);
                if (a.expiresMillis() > nowMillis) {
                    return a;
                }
            }
            return null;
        });
    }

    /**
     * The most similar live answer in {@code scope} whose cosine similarity reaches {@code threshold}.
     *
     * @param vector normalised query embedding
     */
    public Optional<CacheHit> nearest(String scope, float[] vector, double threshold, long nowMillis, boolean allowToolCalls) {
        CacheHit best = null;
        for (Pending p : pending.values()) {
            CachedAnswer a = p.answer();
            if (a.vector() != null && a.scope().equals(scope) && a.expiresMillis() > nowMillis && (allowToolCalls || !a.toolCalls())) {
                double sim = dot(vector, a.vector());
                if (sim >= threshold && (best == null || sim > best.similarity())) {
                    best = new CacheHit(a, "semantic", sim);
                }
            }
        }
        // Only the scope filters inside the search (a term's postings are cheap to collect); expiry and tool calls are
        // checked on the few candidates, the best acceptable one wins.
        Optional<CacheHit> indexed = search(s -> {
            TopDocs top = s.search(new KnnFloatVectorQuery("vector", vector, CANDIDATES, new TermQuery(new Term("scope", scope))), CANDIDATES);
            CacheHit found = null;
            for (ScoreDoc d : top.scoreDocs) {
                // Lucene scores DOT_PRODUCT as (1 + dot) / 2 in float: skip clear misses on that, then judge the stored
                // vector in double, exactly as entries not yet indexed are judged.
                if (2.0 * d.score - 1.0 < threshold - 1e-4) {
                    break;
                }
                CachedAnswer a = load(s, d);
                if (a.expiresMillis() <= nowMillis || (a.toolCalls() && !allowToolCalls)) {
                    continue;
                }
                double sim = dot(vector, a.vector());
                if (sim >= threshold && (found == null || sim > found.similarity())) {
                    found = new CacheHit(a, "semantic", sim);
                }
            }
            return found;
        });
        if (indexed.isPresent() && (best == null || indexed.get().similarity() > best.similarity())) {
            return indexed;
        }
        return Optional.ofNullable(best);
    }

    /** Drops every answer of a tenant (for a data-deletion request); returns how many were there. */
    public int purgeTenant(String tenantId) {
        ArrayDeque<String> ids = byTenant.remove(tenantId);
        int n;
        if (ids == null) {
            n = 0;
        } else {
            synchronized (ids) {
                n = ids.size();
            }
        }
        synchronized (pendingLock) {
            pending.values().removeIf(p -> p.answer().tenantId().equals(tenantId));
        }
        live.values().removeIf(l -> l.tenantId().equals(tenantId));
        try {
            writer.deleteDocuments(new Term("tenant", tenantId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastRefresh = 0;
        return n;
    }

    /** Deletes expired answers; run periodically. */
    public void expire(long nowMillis) {
        synchronized (pendingLock) {
            pending.values().removeIf(p -> p.answer().expiresMillis() <= nowMillis);
        }
        live.values().removeIf(l -> l.expiresMillis() <= nowMillis);
        // Expired ids stay in the per-tenant order until they reach its front: evicting one then is a no-op delete.
        try {
            writer.deleteDocuments(LongPoint.newRangeQuery("expires", Long.MIN_VALUE, nowMillis));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastRefresh = 0;
    }

    /** Answers stored and not evicted, purged or swept as expired. */
    public long size() {
        return live.size();
    }

    public int sizeOf(String tenantId) {
        ArrayDeque<String> ids = byTenant.get(tenantId);
        if (ids == null) {
            return 0;
        }
        synchronized (ids) {
            return ids.size();
        }
    }

    /** Index segments in the current reader (each has its own vector graph that a search visits). */
    public int segments() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().leaves().size();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long evictions() {
        return evictions.get();
    }

    private void remove(String id) {
        synchronized (pendingLock) {
            pending.remove(id);
        }
        live.remove(id);
        try {
            writer.deleteDocuments(new Term("id", id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Search<T> {
        T run(IndexSearcher s) throws IOException;
    }

    private <T> Optional<T> search(Search<T> work) {
        try {
            refreshIfDue();
            IndexSearcher s = searchers.acquire();
            try {
                return Optional.ofNullable(work.run(s));
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refreshIfDue() throws IOException {
        long now = System.nanoTime();
        if (now - lastRefresh < REFRESH_NANOS) {
            return;
        }
        lastRefresh = now;
        if (searchers.maybeRefresh()) {
            synchronized (pendingLock) {
                Map<String, Pending> newer = new ConcurrentHashMap<>();
                pending.forEach((id, p) -> {
                    if (p.addedNanos() >= now) {
                        newer.put(id, p);
                    }
                });
                pending = newer;
            }
        }
    }

    private static CachedAnswer load(IndexSearcher s, ScoreDoc hit) throws IOException {
        BytesRef payload = s.storedFields().document(hit.doc).getBinaryValue("payload");
        return AnswerCodec.decode(java.util.Arrays.copyOfRange(payload.bytes, payload.offset, payload.offset + payload.length));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
