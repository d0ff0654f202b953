package dev.paved.gateway.policy;

import dev.paved.core.RequestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The counters one call must pass, built from the configured limits and budgets of its tenant, key and feature. */
final class AdmissionPlan {
    final List<Meter> meters = new ArrayList<>();
    final List<CounterStore.Check> checks = new ArrayList<>();

    static AdmissionPlan of(PolicyConfig config, AdmissionRequest req, String tenantName, long nowMillis) {
        AdmissionPlan p = new AdmissionPlan();
        RequestContext ctx = req.ctx();
        long minute = CounterKeys.minuteOf(nowMillis);
        long minuteEnd = (minute + 1) * CounterKeys.MINUTE_MILLIS;
        if (ctx.keyId() != null) {
            p.limits("key", ctx.keyId(), config.limitsOfKey(ctx.keyId()), req, minute, minuteEnd);
        }
        if (ctx.tenantId() != null) {
            p.limits("tenant", ctx.tenantId(), config.limitsOfTenant(tenantName), req, minute, minuteEnd);
        }
        Instant now = Instant.ofEpochMilli(nowMillis);
        p.budget(BudgetScope.KEY, ctx.keyId(), config.budgetOf(BudgetScope.KEY, ctx.keyId()), now);
        p.budget(BudgetScope.FEATURE, ctx.featureId(), config.budgetOf(BudgetScope.FEATURE, ctx.featureId()), now);
        p.budget(BudgetScope.TENANT, ctx.tenantId(), config.budgetOf(BudgetScope.TENANT, tenantName), now);
        return p;
    }

    private void limits(String scope, String id, RateLimits l, AdmissionRequest req, long minute, long minuteEnd) {
        if (l.isEmpty()) {
            return;
        }
        if (l.requestsPerMinute() != null) {
            add(new Meter(Meter.Kind.REQUESTS, scope, id, CounterKeys.rate(scope, id, "req", minute), l.requestsPerMinute(),
                    l.requestsPerMinute(), minuteEnd, null), 1, CounterKeys.RATE_TTL_MILLIS);
        }
        if (l.tokensPerMinute() != null) {
            add(new Meter(Meter.Kind.TOKENS, scope, id, CounterKeys.rate(scope, id, "tok", minute), l.tokensPerMinute(),
                    l.tokensPerMinute(), minuteEnd, null), 0, CounterKeys.RATE_TTL_MILLIS);
        }
        TrafficClass cls = req.trafficClass() == null ? TrafficClass.INTERACTIVE : req.trafficClass();
        Long calls = l.concurrentRequests(cls);
        if (calls != null) {
            add(new Meter(Meter.Kind.CONCURRENT_REQUESTS, scope, id, CounterKeys.concurrency(scope, id, cls, "req"), calls, calls, 0, cls),
                    1, CounterKeys.CONCURRENCY_TTL_MILLIS);
        }
        Long streams = l.concurrentStreams(cls);
        if (req.stream() && streams != null) {
            add(new Meter(Meter.Kind.CONCURRENT_STREAMS, scope, id, CounterKeys.concurrency(scope, id, cls, "stream"), streams, streams, 0, cls),
                    1, CounterKeys.CONCURRENCY_TTL_MILLIS);
        }
    }

    private void budget(BudgetScope scope, String id, Budget b, Instant now) {
        if (id == null || b.isEmpty()) {
            return;
        }
        for (BudgetPeriod period : BudgetPeriod.values()) {
            if (b.cap(period) == null) {
                continue;
            }
            long cap = Usd.toTicks(b.cap(period));
            long soft = Usd.toTicks(b.cap(period).multiply(b.softAt()));
            Meter.Kind kind = period == BudgetPeriod.DAY ? Meter.Kind.BUDGET_DAY : Meter.Kind.BUDGET_MONTH;
            add(new Meter(kind, scope.label(), id, CounterKeys.budget(scope, id, period, now), cap, soft, period.end(now).toEpochMilli(), null),
                    0, CounterKeys.budgetTtlMillis(period, now));
        }
    }

    private void add(Meter m, long increment, long ttlMillis) {
        meters.add(m);
        checks.add(new CounterStore.Check(m.key(), m.limit(), increment, ttlMillis));
    }
}
