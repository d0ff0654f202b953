package dev.paved.server.store;

import dev.paved.server.db.Database;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The guardrail audit log: writes each decision in its tenant's scope (so row-level security checks the
 * tenant) and reads a tenant's entries back. Entries carry reason codes and scores, never text.
 */
public final class GuardAuditStore {
    /** One audit entry. */
    public record Entry(String tenantId, String requestId, String traceId, String keyId, String featureId, String api, String alias,
                        String stage, String verdict, List<String> scanners, List<String> reasonCodes, double maxScore,
                        int redactions, long scanMicros, String principalId) {
    }

    /** An entry as read back, with the time it was written. */
    public record Logged(java.time.Instant at, Entry entry) {
    }

    private final Database db;

    public GuardAuditStore(Database db) {
        this.db = db;
    }

    /** Blocking insert; callers run it off the event loop. */
    public void insert(Entry e) {
        db.inTenantScope(e.tenantId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into guard_audit (tenant_id, request_id, trace_id, key_id, feature_id, api, alias,"
                    + " stage, verdict, scanners, reason_codes, max_score, redactions, scan_micros, principal_id)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, e.tenantId());
                ps.setString(2, e.requestId());
                ps.setString(3, e.traceId());
                ps.setString(4, e.keyId());
                ps.setString(5, e.featureId());
                ps.setString(6, e.api());
                ps.setString(7, e.alias());
                ps.setString(8, e.stage());
                ps.setString(9, e.verdict());
                ps.setArray(10, c.createArrayOf("text", e.scanners().toArray()));
                ps.setArray(11, c.createArrayOf("text", e.reasonCodes().toArray()));
                ps.setDouble(12, e.maxScore());
                ps.setInt(13, e.redactions());
                ps.setLong(14, e.scanMicros());
                ps.setString(15, e.principalId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A tenant's entries, newest first; {@code requestId} narrows to one request when not null. */
    public List<Entry> list(String tenantId, String requestId, int limit) {
        return history(tenantId, requestId, limit).stream().map(Logged::entry).toList();
    }

    /** As {@link #list}, with each entry's time. */
    public List<Logged> history(String tenantId, String requestId, int limit) {
        return db.inTenantScope(tenantId, c -> {
            String sql = "select tenant_id, request_id, trace_id, key_id, feature_id, api, alias, stage, verdict, scanners, reason_codes,"
                    + " max_score, redactions, scan_micros, at, principal_id from guard_audit where tenant_id = ?"
                    + (requestId == null ? "" : " and request_id = ?") + " order by id desc limit ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenantId);
                if (requestId != null) {
                    ps.setString(i++, requestId);
                }
                ps.setInt(i, limit);
                List<Logged> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Logged(rs.getTimestamp(15).toInstant(), new Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                strings(rs.getArray(10)), strings(rs.getArray(11)), rs.getDouble(12), rs.getInt(13), rs.getLong(14),
                                rs.getString(16))));
                    }
                }
                return out;
            }
        });
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }
}
