package dev.paved.server.telemetry;

import dev.paved.gateway.policy.BudgetPeriod;
import dev.paved.gateway.policy.BudgetScope;
import dev.paved.gateway.policy.LeasedCounterStore;
import dev.paved.gateway.policy.PolicyListener;
import dev.paved.gateway.policy.SwitchBoard;
import dev.paved.gateway.policy.SwitchScope;
import dev.paved.gateway.policy.Usd;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of the traffic policy: refusals by reason (limits hit, budgets exhausted, kill
 * switches), degrades, budget spend against caps as last seen, and the kill switches in force.
 */
public final class PolicyMetrics implements PolicyListener {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<BudgetGauge, AtomicLong[]> budgets = new ConcurrentHashMap<>();

    /** One budget's gauges: a record key, since admissions look it up on every call. */
    private record BudgetGauge(BudgetScope scope, String id, BudgetPeriod period) {
    }

    public PolicyMetrics(MeterRegistry registry, SwitchBoard switches) {
        this.registry = registry;
        for (SwitchScope scope : SwitchScope.values()) {
            Gauge.builder("paved.policy.switches.active", switches, b -> b.list().stream().filter(s -> s.scope() == scope).count())
                    .description("Kill switches in force").tag("scope", scope.label()).register(registry);
        }
        Gauge.builder("paved.policy.inference.enabled", switches,
                        b -> b.find(SwitchScope.GLOBAL, SwitchScope.GLOBAL_TARGET) == null ? 1 : 0)
                .description("1 while inference is on, 0 while the global kill switch is set").register(registry);
    }

    /** How often admissions were answered from leases, how often they asked Redis, and what this replica holds. */
    public static void leases(MeterRegistry registry, LeasedCounterStore leases) {
        FunctionCounter.builder("paved.policy.admissions", leases, LeasedCounterStore::answeredHere)
                .description("Admissions checked against the shared counters, by where they were answered").tag("answered", "lease")
                .register(registry);
        FunctionCounter.builder("paved.policy.admissions", leases, LeasedCounterStore::askedStore)
                .description("Admissions checked against the shared counters, by where they were answered").tag("answered", "redis")
                .register(registry);
        Gauge.builder("paved.policy.leased.units", leases, LeasedCounterStore::leasedUnits)
                .description("Units of shared counters this replica holds in leases, not spent yet").register(registry);
    }

    @Override
    public void refused(String code, String scope, String meter) {
        counters.computeIfAbsent("r|" + code + "|" + scope + "|" + meter, k -> Counter.builder("paved.policy.refusals")
                .description("Calls refused by the traffic policy: limits hit, budgets used up, kill switches")
                .tags("code", nz(code), "scope", nz(scope), "limit", nz(meter)).register(registry)).increment();
    }

    @Override
    public void degraded(String fromAlias, String toAlias) {
        counters.computeIfAbsent("d|" + fromAlias + "|" + toAlias, k -> Counter.builder("paved.policy.degrades")
                .description("Calls sent to a cheaper alias because a budget passed its soft threshold")
                .tags("from", fromAlias, "to", toAlias).register(registry)).increment();
    }

    @Override
    public void budgetSeen(BudgetScope scope, String id, BudgetPeriod period, long spentTicks, long capTicks) {
        AtomicLong[] cells = budgets.computeIfAbsent(new BudgetGauge(scope, id, period), k -> {
            AtomicLong[] c = {new AtomicLong(), new AtomicLong()};
            Gauge.builder("paved.policy.budget.spent", c[0], a -> Usd.fromTicks(a.get()).doubleValue()).baseUnit("usd")
                    .description("Budget spent this period, as of the last admission")
                    .tags("scope", scope.label(), "id", id, "period", period.label()).register(registry);
            Gauge.builder("paved.policy.budget.cap", c[1], a -> Usd.fromTicks(a.get()).doubleValue()).baseUnit("usd")
                    .description("Budget cap of the period").tags("scope", scope.label(), "id", id, "period", period.label()).register(registry);
            return c;
        });
        cells[0].set(spentTicks);
        cells[1].set(capTicks);
    }

    private static String nz(String s) {
        return s == null ? "none" : s;
    }
}
