package dev.paved.knowledge.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * One Lucene index of chunks: HNSW vectors ({@link KnnFloatVectorField}, dot product on unit vectors), BM25 over an
 * English-analysed text field, and keyword fields for tenant, knowledge base, ACL groups and metadata.
 *
 * <p>Tenant isolation lives here, not in callers: reads go through {@link #searcher(AccessScope)}, whose every query
 * carries the scope's tenant, knowledge-base and ACL filter; writes name the tenant and knowledge base they change and
 * delete only within them. Writes are visible to searchers as soon as they return (near-real-time through a
 * {@link SearcherManager}); {@link #commit} makes them durable together with a map of commit data (the knowledge
 * base version the index reflects). Thread-safe.
 */
public final class KnowledgeIndex implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int dimensions;

    private KnowledgeIndex(Directory directory, int dimensions) throws IOException {
        this.directory = directory;
        this.dimensions = dimensions;
        this.analyzer = new EnglishAnalyzer();
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens (or creates) the index in {@code dir} for vectors of {@code dimensions}. */
    public static KnowledgeIndex open(Path dir, int dimensions) {
        try {
            return new KnowledgeIndex(FSDirectory.open(dir), dimensions);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the knowledge index in " + dir, e);
        }
    }

    /** An index held in memory only: for evaluation runs and tests. */
    public static KnowledgeIndex inMemory(int dimensions) {
        try {
            return new KnowledgeIndex(new ByteBuffersDirectory(), dimensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commit data of the last commit in {@code dir}, or an empty map when there is no index there. */
    public static Map<String, String> committedData(Path dir) {
        try (Directory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) {
                return Map.of();
            }
            return SegmentInfos.readLatestCommit(d).getUserData();
        } catch (IOException e) {
            return Map.of();
        }
    }

    public int dimensions() {
        return dimensions;
    }

    /**
     * Replaces every chunk of one document with {@code chunks} (which may be empty, deleting the document). All chunks
     * must belong to {@code tenantId}, {@code kbId} and {@code documentId}.
     */
    public void replaceDocument(String tenantId, String kbId, String documentId, List<IndexedChunk> chunks) {
        for (IndexedChunk c : chunks) {
            if (!c.tenantId().equals(tenantId) || !c.kbId().equals(kbId) || !c.documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + c.chunkId() + " does not belong to document " + documentId);
            }
            if (c.vector().length != dimensions) {
                throw new IllegalArgumentException("chunk " + c.chunkId() + " has a vector of " + c.vector().length
                        + " dimensions; this index holds " + dimensions);
            }
        }
        try {
            writer.deleteDocuments(documentQuery(tenantId, kbId, documentId));
            for (IndexedChunk c : chunks) {
                writer.addDocument(toDocument(c));
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the knowledge index", e);
        }
    }

    /** Adds chunks of documents not yet in the index (bulk loads and rebuilds); refreshes once at the end. */
    public void addAll(List<IndexedChunk> chunks) {
        try {
            for (IndexedChunk c : chunks) {
                if (c.vector().length != dimensions) {
                    throw new IllegalArgumentException("chunk " + c.chunkId() + " has a vector of " + c.vector().length
                            + " dimensions; this index holds " + dimensions);
                }
                writer.addDocument(toDocument(c));
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the knowledge index", e);
        }
    }

    public void deleteDocument(String tenantId, String kbId, String documentId) {
        replaceDocument(tenantId, kbId, documentId, List.of());
    }

    /** Removes every chunk of one knowledge base of one tenant. */
    public void deleteKnowledgeBase(String tenantId, String kbId) {
        try {
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            q.add(new TermQuery(new Term(IndexFields.TENANT, tenantId)), BooleanClause.Occur.FILTER);
            q.add(new TermQuery(new Term(IndexFields.KB, kbId)), BooleanClause.Occur.FILTER);
            writer.deleteDocuments(q.build());
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the knowledge index", e);
        }
    }

    /** Makes every write so far durable, recording {@code data} (e.g. the knowledge base version) with it. */
    public void commit(Map<String, String> data) {
        try {
            writer.setLiveCommitData(new HashMap<>(data).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("could not commit the knowledge index", e);
        }
    }

    /** The commit data of the last {@link #commit}, or empty. */
    public Map<String, String> commitData() {
        Map<String, String> out = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** A point-in-time view restricted to {@code scope}; close it when done. */
    public ScopedSearcher searcher(AccessScope scope) {
        try {
            IndexSearcher s = searchers.acquire();
            return new ScopedSearcher(searchers, s, scope, analyzer, JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a knowledge index searcher", e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the knowledge index", e);
        }
    }

    static Query documentQuery(String tenantId, String kbId, String documentId) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        q.add(new TermQuery(new Term(IndexFields.TENANT, tenantId)), BooleanClause.Occur.FILTER);
        q.add(new TermQuery(new Term(IndexFields.KB, kbId)), BooleanClause.Occur.FILTER);
        q.add(new TermQuery(new Term(IndexFields.DOCUMENT_ID, documentId)), BooleanClause.Occur.FILTER);
        return q.build();
    }

    private static Document toDocument(IndexedChunk c) {
        Document d = new Document();
        d.add(new StringField(IndexFields.CHUNK_ID, c.chunkId(), Field.Store.YES));
        d.add(new StringField(IndexFields.TENANT, c.tenantId(), Field.Store.NO));
        d.add(new StringField(IndexFields.KB, c.kbId(), Field.Store.NO));
        d.add(new StringField(IndexFields.DOCUMENT_ID, c.documentId(), Field.Store.YES));
        if (c.aclGroups().isEmpty()) {
            d.add(new StringField(IndexFields.ACL, IndexFields.PUBLIC, Field.Store.NO));
        }
        for (String g : c.aclGroups()) {
            d.add(new StringField(IndexFields.ACL, g, Field.Store.NO));
        }
        d.add(new StringField(IndexFields.DATA_CLASS, c.dataClass(), Field.Store.YES));
        if (c.source() != null) {
            d.add(new StringField(IndexFields.SOURCE, c.source(), Field.Store.YES));
        }
        if (c.title() != null) {
            d.add(new StoredField(IndexFields.TITLE, c.title()));
        }
        c.metadata().forEach((k, v) -> d.add(new StringField(IndexFields.METADATA_PREFIX + k, v, Field.Store.NO)));
        if (!c.metadata().isEmpty()) {
            try {
                d.add(new StoredField(IndexFields.METADATA_JSON, JSON.writeValueAsString(c.metadata())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        d.add(new TextField(IndexFields.TEXT, c.text(), Field.Store.YES));
        if (c.context() != null) {
            d.add(new StoredField(IndexFields.CONTEXT, c.context()));
        }
        d.add(new StoredField(IndexFields.ORDINAL, c.ordinal()));
        d.add(new StoredField(IndexFields.PARENT, c.parent()));
        d.add(new KnnFloatVectorField(IndexFields.VECTOR, c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }
}
