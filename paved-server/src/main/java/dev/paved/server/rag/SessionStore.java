package dev.paved.server.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.paved.gateway.wire.Json;
import dev.paved.rag.Tokens;
import dev.paved.rag.Turn;
import dev.paved.rag.session.SessionMemory;
import dev.paved.server.db.Database;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversation memory in PostgreSQL ({@code rag_sessions}), one row per tenant, owner and session id, read and written in
 * the tenant's scope so row-level security keeps tenants apart. Appending a turn pair summarises what exceeds the
 * feature's budget ({@link SessionMemory}). Blocking: call from worker threads.
 */
public final class SessionStore {
    private final Database db;
    private final Tokens tokens;

    public SessionStore(Database db, Tokens tokens) {
        this.db = db;
        this.tokens = tokens;
    }

    /**
     * The session's memory; empty for a session not seen before.
     *
     * @param owner "" for callers with an API key alone, else the end user (see {@code RagRequest#sessionOwner})
     */
    public SessionMemory.State load(String tenantId, String owner, String sessionId) {
        return db.inTenantScope(tenantId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select summary, turns::text from rag_sessions where tenant_id = ? and owner = ? and session_id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, owner);
                ps.setString(3, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new SessionMemory.State("", List.of());
                    }
                    return new SessionMemory.State(rs.getString(1), turns(rs.getString(2)));
                }
            }
        });
    }

    /** Adds a question and its answer, summarising older turns beyond {@code budgetTokens}. */
    public void append(String tenantId, String owner, String sessionId, String question, String answer, int budgetTokens) {
        db.inTenantScope(tenantId, c -> {
            SessionMemory.State current;
            try (PreparedStatement ps = c.prepareStatement(
                    "select summary, turns::text from rag_sessions where tenant_id = ? and owner = ? and session_id = ? for update")) {
                ps.setString(1, tenantId);
                ps.setString(2, owner);
                ps.setString(3, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    current = rs.next() ? new SessionMemory.State(rs.getString(1), turns(rs.getString(2))) : new SessionMemory.State("", List.of());
                }
            }
            List<Turn> turns = new ArrayList<>(current.turns());
            turns.add(new Turn(Turn.USER, question));
            turns.add(new Turn(Turn.ASSISTANT, answer));
            SessionMemory.State next = SessionMemory.compact(new SessionMemory.State(current.summary(), turns), budgetTokens, tokens).state();
            try (PreparedStatement ps = c.prepareStatement("insert into rag_sessions (tenant_id, owner, session_id, summary, turns, turn_count) "
                    + "values (?, ?, ?, ?, ?::jsonb, 2) on conflict (tenant_id, owner, session_id) do update set summary = excluded.summary, "
                    + "turns = excluded.turns, turn_count = rag_sessions.turn_count + 2, updated_at = now()")) {
                ps.setString(1, tenantId);
                ps.setString(2, owner);
                ps.setString(3, sessionId);
                ps.setString(4, next.summary());
                ps.setString(5, json(next.turns()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static List<Turn> turns(String json) {
        List<Turn> out = new ArrayList<>();
        JsonNode n = Json.parseOrNull(json.getBytes(StandardCharsets.UTF_8));
        if (n != null) {
            for (JsonNode t : n) {
                out.add(new Turn(t.path("role").asText(), t.path("text").asText()));
            }
        }
        return out;
    }

    private static String json(List<Turn> turns) {
        ArrayNode a = Json.array();
        turns.forEach(t -> a.addObject().put("role", t.role()).put("text", t.text()));
        return Json.write(a);
    }
}
