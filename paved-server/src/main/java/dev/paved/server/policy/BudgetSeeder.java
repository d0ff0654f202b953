package dev.paved.server.policy;

import dev.paved.gateway.policy.BudgetPeriod;
import dev.paved.gateway.policy.BudgetScope;
import dev.paved.gateway.policy.CounterKeys;
import dev.paved.gateway.policy.CounterStore;
import dev.paved.gateway.policy.Usd;
import dev.paved.server.db.Database;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Budgets are computed from the ledger: at start-up the running totals of the current UTC day and month
 * are summed from the ledger per tenant, key and feature and written to the counter store where it has
 * none yet (another replica sharing Redis may already be counting). From then on each call adds its
 * cost when it ends.
 */
public final class BudgetSeeder {
    private static final String SQL = """
            select scope, id, coalesce(sum(cost) filter (where at >= ?), 0) as day, coalesce(sum(cost), 0) as month from (
              select 'tenant' as scope, tenant_id as id, at, cost from ledger where at >= ? and tenant_id is not null
              union all select 'key', key_id, at, cost from ledger where at >= ? and key_id is not null
              union all select 'feature', feature_id, at, cost from ledger where at >= ? and feature_id is not null
            ) spend group by scope, id having coalesce(sum(cost), 0) > 0""";

    private BudgetSeeder() {
    }

    /** @return how many running totals were offered to the store */
    public static int seed(Database db, CounterStore store, Instant now) throws Exception {
        Timestamp dayStart = Timestamp.from(BudgetPeriod.DAY.start(now));
        Timestamp monthStart = Timestamp.from(BudgetPeriod.MONTH.start(now));
        Map<String, Long> day = new HashMap<>();
        Map<String, Long> month = new HashMap<>();
        db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setTimestamp(1, dayStart);
                for (int i = 2; i <= 4; i++) {
                    ps.setTimestamp(i, monthStart);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        BudgetScope scope = BudgetScope.valueOf(rs.getString("scope").toUpperCase(java.util.Locale.ROOT));
                        String id = rs.getString("id");
                        put(day, CounterKeys.budget(scope, id, BudgetPeriod.DAY, now), rs.getBigDecimal("day"));
                        put(month, CounterKeys.budget(scope, id, BudgetPeriod.MONTH, now), rs.getBigDecimal("month"));
                    }
                }
            }
            return null;
        });
        store.seed(day, CounterKeys.budgetTtlMillis(BudgetPeriod.DAY, now)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        store.seed(month, CounterKeys.budgetTtlMillis(BudgetPeriod.MONTH, now)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return day.size() + month.size();
    }

    private static void put(Map<String, Long> into, String key, BigDecimal usd) {
        if (usd != null && usd.signum() > 0) {
            into.put(key, Usd.toTicks(usd));
        }
    }
}
