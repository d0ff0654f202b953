package dev.paved.server.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paved.core.Ids;
import dev.paved.knowledge.chunk.ChunkDraft;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.index.IndexedChunk;
import dev.paved.knowledge.ingest.PreparedDocument;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.server.db.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Knowledge bases, documents, chunks and jobs in PostgreSQL. Every method runs in the tenant's scope, so row-level
 * security confines it to that tenant; writes and maintenance reads also set {@code paved.acl = '*'} so that the ACL
 * policy lets the platform see every group's rows of that tenant.
 */
public final class KnowledgeStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KB_COLUMNS = "id, tenant_id, name, embedding_model, chunking::text, generation, version, "
            + "pending_generation, pending_model, pending_chunking::text, created_at";
    private static final String JOB_COLUMNS = "id, kb_id, kind, status, total, done, result::text, error, created_at, "
            + "started_at, finished_at";

    private final Database db;

    public KnowledgeStore(Database db) {
        this.db = db;
    }

    /** A stored document's key and the hash of what was ingested. */
    public record StoredDocument(String rowId, String contentHash) {
    }

    /** What a document write changed. */
    public record Written(String rowId, List<String> chunkIds, long kbVersion) {
    }

    public Optional<KnowledgeBase> find(String tenantId, String name) {
        return db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + KB_COLUMNS + " from knowledge_bases where name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(kb(rs)) : Optional.empty();
                }
            }
        });
    }

    public Optional<KnowledgeBase> findById(String tenantId, String kbId) {
        return db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + KB_COLUMNS + " from knowledge_bases where id = ?")) {
                ps.setString(1, kbId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(kb(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The knowledge base {@code name}, created with these settings when it does not exist yet. */
    public KnowledgeBase findOrCreate(String tenantId, String name, String model, ChunkingConfig chunking) {
        db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into knowledge_bases (id, tenant_id, name, embedding_model, "
                    + "chunking) values (?, ?, ?, ?, ?::jsonb) on conflict (tenant_id, name) do nothing")) {
                ps.setString(1, Ids.prefixed("kb"));
                ps.setString(2, tenantId);
                ps.setString(3, name);
                ps.setString(4, model);
                ps.setString(5, ChunkingJson.write(chunking).toString());
                return ps.executeUpdate();
            }
        });
        return find(tenantId, name).orElseThrow(() -> new IllegalStateException("knowledge base " + name + " vanished"));
    }

    public Optional<StoredDocument> findDocument(String tenantId, String kbId, String documentId) {
        return db.inTenantScope(tenantId, c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "select id, content_hash from kb_documents where kb_id = ? and document_id = ?")) {
                ps.setString(1, kbId);
                ps.setString(2, documentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredDocument(rs.getString(1), rs.getString(2))) : Optional.empty();
                }
            }
        });
    }

    /**
     * In one transaction: inserts or updates the document row, replaces its chunks of {@code generation} with
     * {@code prepared}'s, and bumps the knowledge base version.
     */
    public Written replaceDocument(String tenantId, KnowledgeBase kb, PreparedDocument prepared, String contentHash,
                                   int generation) {
        DocumentInput d = prepared.document();
        return db.inTenantScope(tenantId, c -> {
            maintenance(c);
            long version = bumpVersion(c, kb.id());
            String rowId;
            try (PreparedStatement ps = c.prepareStatement("insert into kb_documents (id, tenant_id, kb_id, document_id, source, "
                    + "title, text, content_type, acl_groups, data_class, metadata, content_hash, kb_version) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (kb_id, document_id) do update set "
                    + "source = excluded.source, title = excluded.title, text = excluded.text, content_type = excluded.content_type, "
                    + "acl_groups = excluded.acl_groups, data_class = excluded.data_class, metadata = excluded.metadata, "
                    + "content_hash = excluded.content_hash, kb_version = excluded.kb_version, updated_at = now() returning id")) {
                ps.setString(1, Ids.prefixed("doc"));
                ps.setString(2, tenantId);
                ps.setString(3, kb.id());
                ps.setString(4, d.documentId());
                ps.setString(5, d.source());
                ps.setString(6, d.title());
                ps.setString(7, d.text());
                ps.setString(8, d.contentType());
                ps.setArray(9, c.createArrayOf("text", d.aclGroups().toArray()));
                ps.setString(10, d.dataClass());
                ps.setString(11, json(d.metadata()));
                ps.setString(12, contentHash);
                ps.setLong(13, version);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rowId = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("delete from kb_chunks where document_ref = ? and generation = ?")) {
                ps.setString(1, rowId);
                ps.setInt(2, generation);
                ps.executeUpdate();
            }
            List<String> ids = insertChunks(c, tenantId, kb.id(), rowId, generation, prepared);
            return new Written(rowId, ids, version);
        });
    }

    /** Adds a document's chunks of a generation being built by a re-index (the document row already exists). */
    public List<String> insertGenerationChunks(String tenantId, String kbId, String rowId, int generation, PreparedDocument prepared) {
        return db.inTenantScope(tenantId, c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement("delete from kb_chunks where document_ref = ? and generation = ?")) {
                ps.setString(1, rowId);
                ps.setInt(2, generation);
                ps.executeUpdate();
            }
            return insertChunks(c, tenantId, kbId, rowId, generation, prepared);
        });
    }

    /** Deletes a document and its chunks; returns the new knowledge base version, or empty when there was none. */
    public Optional<Long> deleteDocument(String tenantId, String kbId, String documentId) {
        return db.inTenantScope(tenantId, c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement("delete from kb_documents where kb_id = ? and document_id = ?")) {
                ps.setString(1, kbId);
                ps.setString(2, documentId);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(bumpVersion(c, kbId));
        });
    }

    /** Deletes a knowledge base with all its documents, chunks and jobs; false when it did not exist. */
    public boolean deleteKnowledgeBase(String tenantId, String kbId) {
        return db.inTenantScope(tenantId, c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement("delete from knowledge_bases where id = ?")) {
                ps.setString(1, kbId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Every chunk of one generation in document and ordinal order, streamed (index rebuilds). */
    public void forEachChunk(KnowledgeBase kb, int generation, Consumer<IndexedChunk> each) {
        db.inTenantScope(kb.tenantId(), c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement("select ch.id, d.document_id, ch.ordinal, ch.text, ch.context, ch.parent, "
                    + "d.source, d.title, d.acl_groups, d.data_class, d.metadata::text, ch.embedding from kb_chunks ch "
                    + "join kb_documents d on d.id = ch.document_ref where ch.kb_id = ? and ch.generation = ? "
                    + "order by d.document_id, ch.ordinal")) {
                ps.setFetchSize(500);
                ps.setString(1, kb.id());
                ps.setInt(2, generation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(new IndexedChunk(rs.getString(1), kb.tenantId(), kb.id(), rs.getString(2), rs.getInt(3),
                                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8),
                                strings(rs.getArray(9)), rs.getString(10), stringMap(rs.getString(11)),
                                Vectors.fromBytes(rs.getBytes(12))));
                    }
                }
            }
            return null;
        });
    }

    /** A stored document as an input again (re-indexing), with its row id. */
    public record StoredInput(String rowId, DocumentInput document) {
    }

    /**
     * Up to {@code limit} documents of a knowledge base whose id sorts after {@code afterDocumentId} (null: from the
     * first), in document id order: re-indexing pages through a knowledge base without holding it all in memory.
     */
    public List<StoredInput> documentsAfter(KnowledgeBase kb, String afterDocumentId, int limit) {
        return db.inTenantScope(kb.tenantId(), c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement("select id, document_id, source, title, text, content_type, acl_groups, "
                    + "data_class, metadata::text from kb_documents where kb_id = ? and (?::text is null or document_id > ?) "
                    + "order by document_id limit ?")) {
                ps.setString(1, kb.id());
                ps.setString(2, afterDocumentId);
                ps.setString(3, afterDocumentId);
                ps.setInt(4, limit);
                List<StoredInput> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredInput(rs.getString(1), new DocumentInput(rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), strings(rs.getArray(7)), rs.getString(8),
                                stringMap(rs.getString(9)))));
                    }
                }
                return out;
            }
        });
    }

    /** Counts of documents and of chunks per generation, as the platform sees them. */
    public Map<String, Long> counts(String tenantId, String kbId) {
        return db.inTenantScope(tenantId, c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement("select (select count(*) from kb_documents where kb_id = ?), "
                    + "(select count(*) from kb_chunks ch join knowledge_bases k on k.id = ch.kb_id "
                    + "where ch.kb_id = ? and ch.generation = k.generation)")) {
                ps.setString(1, kbId);
                ps.setString(2, kbId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Map.of("documents", rs.getLong(1), "chunks", rs.getLong(2));
                }
            }
        });
    }

    /** Records that a re-index to {@code model}/{@code chunking} is building {@code generation}. */
    public void setPending(String tenantId, String kbId, int generation, String model, ChunkingConfig chunking) {
        db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("update knowledge_bases set pending_generation = ?, pending_model = ?, "
                    + "pending_chunking = ?::jsonb, updated_at = now() where id = ?")) {
                ps.setInt(1, generation);
                ps.setString(2, model);
                ps.setString(3, ChunkingJson.write(chunking).toString());
                ps.setString(4, kbId);
                return ps.executeUpdate();
            }
        });
    }

    /** Abandons a pending re-index: its chunks are deleted and the knowledge base is as before. */
    public void clearPending(String tenantId, String kbId) {
        db.inTenantScope(tenantId, c -> {
            maintenance(c);
            abandonPending(c, kbId);
            return null;
        });
    }

    /**
     * Switches the knowledge base to its pending generation in one transaction: the model, chunking and generation
     * change together, the version bumps, and the previous generation's chunks are deleted.
     */
    public KnowledgeBase switchGeneration(String tenantId, String kbId) {
        db.inTenantScope(tenantId, c -> {
            maintenance(c);
            try (PreparedStatement ps = c.prepareStatement("update knowledge_bases set generation = pending_generation, "
                    + "embedding_model = pending_model, chunking = pending_chunking, pending_generation = null, "
                    + "pending_model = null, pending_chunking = null, version = nextval('kb_version_seq'), updated_at = now() "
                    + "where id = ? and pending_generation is not null")) {
                ps.setString(1, kbId);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("knowledge base " + kbId + " has no pending generation");
                }
            }
            deleteInactiveChunks(c, kbId);
            return null;
        });
        return findById(tenantId, kbId).orElseThrow();
    }

    // ---- jobs ----

    public KnowledgeJob createJob(String tenantId, String kbId, String kind, int total) {
        return db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into kb_jobs (id, tenant_id, kb_id, kind, total) values "
                    + "(?, ?, ?, ?, ?) returning " + JOB_COLUMNS)) {
                ps.setString(1, Ids.prefixed("job"));
                ps.setString(2, tenantId);
                ps.setString(3, kbId);
                ps.setString(4, kind);
                ps.setInt(5, total);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return job(rs);
                }
            }
        });
    }

    public Optional<KnowledgeJob> findJob(String tenantId, String kbId, String jobId) {
        return db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + JOB_COLUMNS + " from kb_jobs where id = ? and kb_id = ?")) {
                ps.setString(1, jobId);
                ps.setString(2, kbId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(job(rs)) : Optional.empty();
                }
            }
        });
    }

    public void updateJob(String tenantId, String jobId, String status, int done, int total, String resultJson, String error) {
        db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("update kb_jobs set status = ?, done = ?, total = ?, "
                    + "result = coalesce(?::jsonb, result), error = ?, "
                    + "started_at = case when ? = 'running' and started_at is null then now() else started_at end, "
                    + "finished_at = case when ? in ('succeeded', 'failed') then now() else finished_at end where id = ?")) {
                ps.setString(1, status);
                ps.setInt(2, done);
                ps.setInt(3, total);
                ps.setString(4, resultJson);
                ps.setString(5, error);
                ps.setString(6, status);
                ps.setString(7, status);
                ps.setString(8, jobId);
                return ps.executeUpdate();
            }
        });
    }

    /** At start-up: jobs a previous process left queued or running can never finish; marks them failed. */
    public int failInterruptedJobs() {
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement("update kb_jobs set status = 'failed', finished_at = now(), "
                    + "error = 'interrupted: Paved stopped before the job finished; submit it again' "
                    + "where status in ('queued', 'running')");
                 PreparedStatement pending = c.prepareStatement("select tenant_id, id from knowledge_bases where pending_generation is not null")) {
                int n = ps.executeUpdate();
                List<String[]> stuck = new ArrayList<>();
                try (ResultSet rs = pending.executeQuery()) {
                    while (rs.next()) {
                        stuck.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                for (String[] s : stuck) {
                    abandonPending(c, s[1]);
                }
                return n;
            }
        });
    }

    // ---- helpers ----

    private static List<String> insertChunks(Connection c, String tenantId, String kbId, String rowId, int generation,
                                             PreparedDocument prepared) throws SQLException {
        List<String> ids = new ArrayList<>(prepared.chunks().size());
        Array groups = c.createArrayOf("text", prepared.document().aclGroups().toArray());
        try (PreparedStatement ps = c.prepareStatement("insert into kb_chunks (id, tenant_id, kb_id, document_ref, generation, "
                + "ordinal, text, context, parent, start_offset, end_offset, token_count, acl_groups, embedding) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < prepared.chunks().size(); i++) {
                ChunkDraft ch = prepared.chunks().get(i);
                String id = Ids.prefixed("chk");
                ids.add(id);
                ps.setString(1, id);
                ps.setString(2, tenantId);
                ps.setString(3, kbId);
                ps.setString(4, rowId);
                ps.setInt(5, generation);
                ps.setInt(6, ch.ordinal());
                ps.setString(7, ch.text());
                ps.setString(8, ch.context());
                ps.setInt(9, ch.parent());
                ps.setInt(10, ch.start());
                ps.setInt(11, ch.end());
                ps.setInt(12, ch.tokens());
                ps.setArray(13, groups);
                ps.setBytes(14, Vectors.toBytes(prepared.vectors().get(i)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return ids;
    }

    /** Deletes the chunks of every generation but the active one. */
    private static void deleteInactiveChunks(Connection c, String kbId) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("delete from kb_chunks ch using knowledge_bases k where k.id = ch.kb_id "
                + "and ch.kb_id = ? and ch.generation <> k.generation")) {
            del.setString(1, kbId);
            del.executeUpdate();
        }
    }

    private static void abandonPending(Connection c, String kbId) throws SQLException {
        deleteInactiveChunks(c, kbId);
        try (PreparedStatement ps = c.prepareStatement("update knowledge_bases set pending_generation = null, "
                + "pending_model = null, pending_chunking = null where id = ?")) {
            ps.setString(1, kbId);
            ps.executeUpdate();
        }
    }

    private static long bumpVersion(Connection c, String kbId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update knowledge_bases set version = nextval('kb_version_seq'), "
                + "updated_at = now() where id = ? returning version")) {
            ps.setString(1, kbId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("knowledge base " + kbId + " no longer exists");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Lets this transaction see every ACL group's rows of the tenant (the platform's own work). */
    static void maintenance(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select set_config('paved.acl', '*', true)")) {
            ps.execute();
        }
    }

    private static KnowledgeBase kb(ResultSet rs) throws SQLException {
        String pending = rs.getString(10);
        int pg = rs.getInt(8);
        Integer pendingGen = rs.wasNull() ? null : pg;
        return new KnowledgeBase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                ChunkingJson.parse(rs.getString(5)), rs.getInt(6), rs.getLong(7), pendingGen, rs.getString(9),
                pending == null ? null : ChunkingJson.parse(pending), rs.getObject(11, OffsetDateTime.class));
    }

    private static KnowledgeJob job(ResultSet rs) throws SQLException {
        return new KnowledgeJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                rs.getObject(11, OffsetDateTime.class));
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static Map<String, String> stringMap(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not a JSON object of strings", e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
