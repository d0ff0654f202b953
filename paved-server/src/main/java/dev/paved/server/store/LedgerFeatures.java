package dev.paved.server.store;

import dev.paved.server.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Feature ids a tenant's calls were attributed to, for per-feature budget reports. */
public final class LedgerFeatures {
    private final Database db;

    public LedgerFeatures(Database db) {
        this.db = db;
    }

    /** Distinct feature ids on the tenant's ledger rows since {@code since}, sorted. */
    public List<String> since(String tenantId, Instant since) {
        return db.inTenantScope(tenantId, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select distinct feature_id from ledger where tenant_id = ? and at >= ?"
                    + " and feature_id is not null order by feature_id")) {
                ps.setString(1, tenantId);
                ps.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }
}
