package dev.paved.server.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Read side of the cost ledger for the admin API: recent rows and per-tenant totals. */
public final class LedgerQueries {
    private final Database db;

    public LedgerQueries(Database db) {
        this.db = db;
    }

    /** Most recent rows first, optionally for one tenant and/or one request id. */
    public ObjectNode recent(String tenantId, String requestId, int limit) {
        StringBuilder sql = new StringBuilder("select at, request_id, trace_id, tenant_id, key_id, feature_id, api, alias, provider, model, stream,"
                + " input_tokens, output_tokens, cached_tokens, cache_write_tokens, cost, usage_source, latency_ms, ttft_ms, status, error_code,"
                + " attempts, decisions, cache, saved_tokens, saved_cost, principal_id from ledger where true");
        List<String> args = new ArrayList<>();
        if (tenantId != null) {
            sql.append(" and tenant_id = ?");
            args.add(tenantId);
        }
        if (requestId != null) {
            sql.append(" and request_id = ?");
            args.add(requestId);
        }
        sql.append(" order by at desc, entry_uid desc limit ").append(limit);
        return db.inSystemScope(conn -> {
            ObjectNode root = Json.object();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        data.add(row(rs));
                    }
                }
            }
            return root;
        });
    }

    /** Totals per tenant, feature and alias: calls, tokens and cost. */
    public ObjectNode summary(String tenantId) {
        String sql = "select tenant_id, feature_id, alias, count(*) calls, sum(input_tokens) input_tokens, sum(output_tokens) output_tokens,"
                + " sum(cached_tokens) cached_tokens, coalesce(sum(cost), 0) cost, sum(case when status >= 400 then 1 else 0 end) errors,"
                + " sum(case when cache like 'hit:%' then 1 else 0 end) cache_hits, sum(saved_tokens) saved_tokens,"
                + " coalesce(sum(saved_cost), 0) saved_cost"
                + " from ledger" + (tenantId == null ? "" : " where tenant_id = ?")
                + " group by tenant_id, feature_id, alias order by cost desc, calls desc";
        return db.inSystemScope(conn -> {
            ObjectNode root = Json.object();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                if (tenantId != null) {
                    ps.setString(1, tenantId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ObjectNode n = data.addObject();
                        n.put("tenant_id", rs.getString("tenant_id"));
                        n.put("feature_id", rs.getString("feature_id"));
                        n.put("alias", rs.getString("alias"));
                        n.put("calls", rs.getLong("calls"));
                        n.put("input_tokens", rs.getLong("input_tokens"));
                        n.put("output_tokens", rs.getLong("output_tokens"));
                        n.put("cached_tokens", rs.getLong("cached_tokens"));
                        n.put("cost_usd", rs.getBigDecimal("cost"));
                        n.put("errors", rs.getLong("errors"));
                        n.put("cache_hits", rs.getLong("cache_hits"));
                        n.put("saved_tokens", rs.getLong("saved_tokens"));
                        n.put("saved_cost_usd", rs.getBigDecimal("saved_cost"));
                    }
                }
            }
            return root;
        });
    }

    private static ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode n = Json.object();
        Timestamp at = rs.getTimestamp("at");
        n.put("at", at.toInstant().toString());
        for (String col : List.of("request_id", "trace_id", "tenant_id", "key_id", "feature_id", "api", "alias", "provider", "model",
                "usage_source", "error_code", "principal_id")) {
            n.put(col, rs.getString(col));
        }
        n.put("stream", rs.getBoolean("stream"));
        for (String col : List.of("input_tokens", "output_tokens", "cached_tokens", "cache_write_tokens", "latency_ms", "ttft_ms")) {
            n.put(col, rs.getLong(col));
        }
        n.put("cost_usd", rs.getBigDecimal("cost"));
        n.put("status", rs.getInt("status"));
        n.put("attempts", rs.getInt("attempts"));
        n.put("cache", rs.getString("cache"));
        n.put("saved_tokens", rs.getLong("saved_tokens"));
        n.put("saved_cost_usd", rs.getBigDecimal("saved_cost"));
        ArrayNode decisions = n.putArray("decisions");
        java.sql.Array arr = rs.getArray("decisions");
        if (arr != null) {
            for (Object d : (Object[]) arr.getArray()) {
                decisions.add(String.valueOf(d));
            }
        }
        return n;
    }
}
