package dev.paved.gateway.policy;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the configured limits and budgets of given tenants, keys and features have used so far, read from
 * the counter store (so with Redis, the total over every replica). For the admin API.
 */
public final class Consumption {
    /** One limit: its current use against its value; {@code resetsAt} is null for concurrency limits. */
    public record LimitUse(String scope, String id, String limit, String trafficClass, long used, long max, Instant resetsAt) {
    }

    /** One budget cap: spent so far this period against the cap and its soft threshold. */
    public record BudgetUse(String scope, String id, String period, BigDecimal spentUsd, BigDecimal capUsd, BigDecimal softUsd,
                            Instant resetsAt) {
    }

    /** A tenant, key or feature to report on; {@code name} is the tenant's name for tenant overrides. */
    public record Subject(String scope, String id, String name) {
    }

    private final PolicyConfig config;
    private final CounterStore store;
    private final LongSupplier clockMillis;

    public Consumption(PolicyConfig config, CounterStore store, LongSupplier clockMillis) {
        this.config = config;
        this.store = store;
        this.clockMillis = clockMillis;
    }

    public Future<List<LimitUse>> limits(List<Subject> subjects) {
        long now = clockMillis.getAsLong();
        long minute = CounterKeys.minuteOf(now);
        Instant reset = Instant.ofEpochMilli((minute + 1) * CounterKeys.MINUTE_MILLIS);
        List<LimitUse> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Subject s : subjects) {
            RateLimits l = switch (s.scope()) {
                case "tenant" -> config.limitsOfTenant(s.name());
                case "key" -> config.limitsOfKey(s.id());
                default -> RateLimits.NONE;
            };
            add(rows, keys, s, "requests_per_minute", null, l.requestsPerMinute(), CounterKeys.rate(s.scope(), s.id(), "req", minute), reset);
            add(rows, keys, s, "tokens_per_minute", null, l.tokensPerMinute(), CounterKeys.rate(s.scope(), s.id(), "tok", minute), reset);
            for (TrafficClass c : TrafficClass.values()) {
                String cls = c.name().toLowerCase(java.util.Locale.ROOT);
                add(rows, keys, s, "concurrent_requests", cls, l.concurrentRequests(c), CounterKeys.concurrency(s.scope(), s.id(), c, "req"), null);
                add(rows, keys, s, "concurrent_streams", cls, l.concurrentStreams(c), CounterKeys.concurrency(s.scope(), s.id(), c, "stream"), null);
            }
        }
        return store.read(keys).map(values -> {
            List<LimitUse> out = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                LimitUse r = rows.get(i);
                out.add(new LimitUse(r.scope(), r.id(), r.limit(), r.trafficClass(), values[i], r.max(), r.resetsAt()));
            }
            return out;
        });
    }

    public Future<List<BudgetUse>> budgets(List<Subject> subjects) {
        Instant now = Instant.ofEpochMilli(clockMillis.getAsLong());
        List<BudgetUse> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Subject s : subjects) {
            BudgetScope scope = BudgetScope.valueOf(s.scope().toUpperCase(java.util.Locale.ROOT));
            Budget b = config.budgetOf(scope, scope == BudgetScope.TENANT ? s.name() : s.id());
            for (BudgetPeriod p : BudgetPeriod.values()) {
                BigDecimal cap = b.cap(p);
                if (cap != null) {
                    rows.add(new BudgetUse(s.scope(), s.id(), p.label(), null, cap, cap.multiply(b.softAt()), p.end(now)));
                    keys.add(CounterKeys.budget(scope, s.id(), p, now));
                }
            }
        }
        return store.read(keys).map(values -> {
            List<BudgetUse> out = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                BudgetUse r = rows.get(i);
                out.add(new BudgetUse(r.scope(), r.id(), r.period(), Usd.fromTicks(values[i]), r.capUsd(), r.softUsd(), r.resetsAt()));
            }
            return out;
        });
    }

    private static void add(List<LimitUse> rows, List<String> keys, Subject s, String limit, String cls, Long max, String key, Instant reset) {
        if (max != null) {
            rows.add(new LimitUse(s.scope(), s.id(), limit, cls, 0, max, reset));
            keys.add(key);
        }
    }
}
