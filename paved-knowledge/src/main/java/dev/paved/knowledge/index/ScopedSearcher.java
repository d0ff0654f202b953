package dev.paved.knowledge.index;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;

/**
 * A point-in-time view of a {@link KnowledgeIndex} that sees only what its {@link AccessScope} allows. The scope's
 * filter is added to every query built here (BM25, k-NN pre-filter, counts and listings); nothing can be searched
 * without it. Document ids it returns are valid only until it is closed. Not thread-safe; one per request.
 */
public final class ScopedSearcher implements AutoCloseable {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final SearcherManager manager;
    private final IndexSearcher searcher;
    private final Query scopeFilter;
    private final Analyzer analyzer;
    private final ObjectMapper json;
    private boolean closed;

    ScopedSearcher(SearcherManager manager, IndexSearcher searcher, AccessScope scope, Analyzer analyzer, ObjectMapper json) {
        this.manager = manager;
        this.searcher = searcher;
        this.analyzer = analyzer;
        this.json = json;
        this.scopeFilter = scopeFilter(scope);
    }

    /** Top {@code k} chunks by BM25 for {@code query}; none when the query has no searchable terms. */
    public List<ScoredDoc> bm25(String query, MetadataFilter filter, int k) {
        Query text = new QueryBuilder(analyzer).createBooleanQuery(IndexFields.TEXT, query, BooleanClause.Occur.SHOULD);
        if (text == null) {
            return List.of();
        }
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        q.add(text, BooleanClause.Occur.MUST);
        q.add(restriction(filter), BooleanClause.Occur.FILTER);
        return run(q.build(), k);
    }

    /** Top {@code k} chunks by vector similarity (HNSW, pre-filtered by the scope and {@code filter}). */
    public List<ScoredDoc> dense(float[] vector, MetadataFilter filter, int k) {
        return run(new KnnFloatVectorQuery(IndexFields.VECTOR, vector, k, restriction(filter)), k);
    }

    /** Number of chunks this scope sees. */
    public int count() {
        try {
            return searcher.count(new org.apache.lucene.search.ConstantScoreQuery(scopeFilter));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of every chunk this scope sees (consistency checks and tests). */
    public List<String> chunkIds() {
        List<String> ids = new ArrayList<>();
        for (ScoredDoc d : run(restriction(MetadataFilter.NONE), Math.max(1, count()))) {
            ids.add(load(d.doc()).chunkId());
        }
        return ids;
    }

    public StoredChunk load(int doc) {
        try {
            Document d = searcher.storedFields().document(doc);
            String meta = d.get(IndexFields.METADATA_JSON);
            return new StoredChunk(d.get(IndexFields.CHUNK_ID), d.get(IndexFields.DOCUMENT_ID),
                    d.getField(IndexFields.ORDINAL).numericValue().intValue(), d.get(IndexFields.TEXT),
                    d.get(IndexFields.CONTEXT), d.getField(IndexFields.PARENT).numericValue().intValue(),
                    d.get(IndexFields.SOURCE), d.get(IndexFields.TITLE), d.get(IndexFields.DATA_CLASS),
                    meta == null ? Map.of() : json.readValue(meta, STRING_MAP));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored vector of a document returned by this searcher. */
    public float[] vector(int doc) {
        try {
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(IndexFields.VECTOR);
            if (values == null) {
                throw new IllegalStateException("document " + doc + " has no vector");
            }
            KnnVectorValues.DocIndexIterator it = values.iterator();
            if (it.advance(doc - leaf.docBase) != doc - leaf.docBase) {
                throw new IllegalStateException("document " + doc + " has no vector");
            }
            return values.vectorValue(it.index()).clone();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ScoredDoc> run(Query q, int k) {
        try {
            TopDocs top = searcher.search(q, Math.max(1, k));
            List<ScoredDoc> out = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(new ScoredDoc(sd.doc, sd.score));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge index search failed", e);
        }
    }

    private Query restriction(MetadataFilter filter) {
        if (filter == null || filter.fields().isEmpty()) {
            return scopeFilter;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(scopeFilter, BooleanClause.Occur.FILTER);
        filter.fields().forEach((field, values) -> {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (String v : values) {
                any.add(new TermQuery(new Term(field, v)), BooleanClause.Occur.SHOULD);
            }
            b.add(any.build(), BooleanClause.Occur.FILTER);
        });
        return b.build();
    }

    private static Query scopeFilter(AccessScope scope) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
        b.add(new TermQuery(new Term(IndexFields.TENANT, scope.tenantId())), BooleanClause.Occur.FILTER);
        b.add(new TermQuery(new Term(IndexFields.KB, scope.kbId())), BooleanClause.Occur.FILTER);
        if (!scope.allGroups()) {
            BooleanQuery.Builder acl = new BooleanQuery.Builder();
            acl.add(new TermQuery(new Term(IndexFields.ACL, IndexFields.PUBLIC)), BooleanClause.Occur.SHOULD);
            for (String g : scope.groups()) {
                acl.add(new TermQuery(new Term(IndexFields.ACL, g)), BooleanClause.Occur.SHOULD);
            }
            b.add(acl.build(), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                manager.release(searcher);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
