package dev.paved.server.store;

import dev.paved.gateway.policy.KillSwitch;
import dev.paved.gateway.policy.SwitchScope;
import dev.paved.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kill switches in PostgreSQL. Every change bumps a version number in the same transaction, so replicas
 * that poll the version see a change exactly once and reload the whole (small) set.
 */
public final class SwitchStore {
    private static final String BUMP = "update policy_versions set version = version + 1 where name = 'kill_switches'";

    private final Database db;

    public SwitchStore(Database db) {
        this.db = db;
    }

    /** Every switch, oldest first. */
    public List<KillSwitch> list() {
        return db.inSystemScope(c -> {
            List<KillSwitch> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select scope, target, reason, created_at from kill_switches order by created_at, scope, target");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KillSwitch(SwitchScope.parse(rs.getString(1)), rs.getString(2), rs.getString(3), Columns.instant(rs, "created_at")));
                }
            }
            return out;
        });
    }

    /** The version the last change left; polling replicas compare it with the one they loaded. */
    public long version() {
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement("select version from policy_versions where name = 'kill_switches'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Turns a switch on, or updates its reason if it is on already. */
    public KillSwitch set(SwitchScope scope, String target, String reason) {
        return db.inSystemScope(c -> {
            KillSwitch s;
            try (PreparedStatement ps = c.prepareStatement("insert into kill_switches (scope, target, reason) values (?, ?, ?)"
                    + " on conflict (scope, target) do update set reason = excluded.reason returning created_at")) {
                ps.setString(1, scope.label());
                ps.setString(2, target);
                ps.setString(3, reason);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    s = new KillSwitch(scope, target, reason, Columns.instant(rs, "created_at"));
                }
            }
            bump(c);
            return s;
        });
    }

    /** Turns a switch off; empty when it was not on. */
    public Optional<KillSwitch> clear(SwitchScope scope, String target) {
        return db.inSystemScope(c -> {
            Optional<KillSwitch> removed;
            try (PreparedStatement ps = c.prepareStatement("delete from kill_switches where scope = ? and target = ? returning reason, created_at")) {
                ps.setString(1, scope.label());
                ps.setString(2, target);
                try (ResultSet rs = ps.executeQuery()) {
                    removed = rs.next() ? Optional.of(new KillSwitch(scope, target, rs.getString(1), Columns.instant(rs, "created_at")))
                            : Optional.empty();
                }
            }
            if (removed.isPresent()) {
                bump(c);
            }
            return removed;
        });
    }

    private static void bump(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BUMP)) {
            ps.executeUpdate();
        }
    }
}
