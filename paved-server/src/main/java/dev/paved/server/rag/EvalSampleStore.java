package dev.paved.server.rag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Online-evaluation samples ({@code rag_eval_samples}): the question, the answer, its citations and every step's
 * decision, written in the tenant's scope. Blocking: the RAG service writes them from a worker after the answer.
 */
public final class EvalSampleStore {
    /** One sample. {@code citations} and {@code steps} are JSON. */
    public record Sample(String tenantId, String requestId, String traceId, String keyId, String featureId, String alias, List<String> kbs,
                         String query, String answer, ArrayNode citations, ObjectNode steps, boolean cacheHit, boolean degraded, String status,
                         String principalId) {
    }

    private final Database db;

    public EvalSampleStore(Database db) {
        this.db = db;
    }

    public void insert(Sample s) {
        db.inTenantScope(s.tenantId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into rag_eval_samples (tenant_id, request_id, trace_id, key_id, feature_id, alias,"
                    + " kbs, query, answer, citations, steps, cache_hit, degraded, status, principal_id)"
                    + " values (?,?,?,?,?,?,?,?,?,?::jsonb,?::jsonb,?,?,?,?)")) {
                ps.setString(1, s.tenantId());
                ps.setString(2, s.requestId());
                ps.setString(3, s.traceId());
                ps.setString(4, s.keyId());
                ps.setString(5, s.featureId());
                ps.setString(6, s.alias());
                ps.setArray(7, c.createArrayOf("text", s.kbs().toArray()));
                ps.setString(8, s.query());
                ps.setString(9, s.answer());
                ps.setString(10, Json.write(s.citations()));
                ps.setString(11, Json.write(s.steps()));
                ps.setBoolean(12, s.cacheHit());
                ps.setBoolean(13, s.degraded());
                ps.setString(14, s.status());
                ps.setString(15, s.principalId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A tenant's samples for one request (tests and support); the steps as JSON text. */
    public List<String> stepsOf(String tenantId, String requestId) {
        return db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement("select steps::text from rag_eval_samples where tenant_id = ? and request_id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, requestId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
