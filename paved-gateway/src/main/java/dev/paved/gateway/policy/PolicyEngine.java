package dev.paved.gateway.policy;

import dev.paved.core.PavedException;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.TargetConfig;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The gateway's traffic policy: kill switches, the tenant's alias allow-list, rate limits, concurrency
 * bulkheads and budgets, checked in one atomic call to the {@link CounterStore} before routing. A call
 * that passes holds its concurrency slots until {@link Admission#release}, which also charges its real
 * tokens and cost. A budget past its soft threshold sends the call to the configured cheaper alias.
 */
public final class PolicyEngine implements TrafficPolicy {
    private final PolicyConfig config;
    private final CounterStore store;
    private final SwitchBoard switches;
    private final TenantDirectory tenants;
    private final Map<String, AliasConfig> aliases;
    private final PolicyListener listener;
    private final LongSupplier clockMillis;

    public PolicyEngine(PolicyConfig config, CounterStore store, SwitchBoard switches, TenantDirectory tenants,
                        Map<String, AliasConfig> aliases, PolicyListener listener, LongSupplier clockMillis) {
        this.config = config;
        this.store = store;
        this.switches = switches;
        this.tenants = tenants;
        this.aliases = Map.copyOf(aliases);
        this.listener = listener;
        this.clockMillis = clockMillis;
    }

    @Override
    public boolean wantsInputEstimate() {
        return false;
    }

    @Override
    public Future<Admission> admit(AdmissionRequest req) {
        try {
            switches.check(req.ctx().tenantId(), req.ctx().featureId(), req.alias());
        } catch (PavedException e) {
            listener.refused(e.code(), scopeOfSwitch(e.code()), "kill_switch");
            return Future.failedFuture(e);
        }
        if (!config.needsTenantNames() || req.ctx().tenantId() == null) {
            return admitNamed(req, null);
        }
        String name = tenants.cachedName(req.ctx().tenantId());
        if (name != null) {
            return admitNamed(req, name);
        }
        return tenants.name(req.ctx().tenantId()).compose(n -> admitNamed(req, n));
    }

    private Future<Admission> admitNamed(AdmissionRequest req, String tenantName) {
        TenantRule rule = tenantName == null ? TenantRule.OPEN : config.tenantRules().getOrDefault(tenantName, TenantRule.OPEN);
        try {
            if (!rule.mayUse(req.alias())) {
                throw Refusals.tenantAliasNotAllowed(req.alias());
            }
            checkModels(req.alias());
        } catch (PavedException e) {
            listener.refused(e.code(), "tenant".equals(scopeOfSwitch(e.code())) ? "tenant" : "alias", e.code());
            return Future.failedFuture(e);
        }
        long now = clockMillis.getAsLong();
        AdmissionPlan plan = AdmissionPlan.of(config, req, tenantName, now);
        if (plan.checks.isEmpty()) {
            return Future.succeededFuture(Admission.unlimited(req.alias()));
        }
        Future<CounterStore.Verdict> verdict = store instanceof LocalCounterStore local
                ? Future.succeededFuture(local.acquireNow(plan.checks))
                : store.acquire(plan.checks).recover(e -> Future.failedFuture(Refusals.storeUnavailable(e)));
        return verdict.map(v -> decide(req, rule, plan, v, now));
    }

    private Admission decide(AdmissionRequest req, TenantRule rule, AdmissionPlan plan, CounterStore.Verdict v, long now) {
        Map<String, String> headers = RateHeaders.of(plan.meters, v.values(), now);
        if (!v.admitted()) {
            Meter m = plan.meters.get(v.failed());
            PavedException e = Refusals.of(m, v.values()[v.failed()], headers, now);
            listener.refused(e.code(), m.scope(), m.kind().label);
            throw e;
        }
        List<String> decisions = new ArrayList<>(2);
        String alias = req.alias();
        for (int i = 0; i < plan.meters.size(); i++) {
            Meter m = plan.meters.get(i);
            if (!m.kind().budget()) {
                continue;
            }
            listener.budgetSeen(m.budgetScope(), m.id(), m.kind().period(), v.values()[i], m.limit());
            if (v.values()[i] >= m.softLimit() && alias.equals(req.alias())) {
                String which = m.scope() + "-" + m.kind().period().label();
                String cheaper = config.degradeTo().get(req.alias());
                if (cheaper != null && mayDegradeTo(req, rule, cheaper)) {
                    alias = cheaper;
                    decisions.add("degrade:budget:" + which + ":" + req.alias() + "->" + cheaper);
                    listener.degraded(req.alias(), cheaper);
                } else {
                    decisions.add("budget-soft:" + which);
                }
            }
        }
        return new PolicyAdmission(alias, headers, decisions, plan, store, clockMillis);
    }

    private boolean mayDegradeTo(AdmissionRequest req, TenantRule rule, String cheaper) {
        AliasConfig target = aliases.get(cheaper);
        return target != null && target.kind() == req.kind() && req.ctx().mayUse(cheaper) && rule.mayUse(cheaper)
                && !switches.aliasKilled(cheaper) && !target.targets().stream().allMatch(switches::killed);
    }

    private void checkModels(String alias) {
        AliasConfig a = aliases.get(alias);
        if (a != null && !switches.list().isEmpty()) {
            for (TargetConfig t : a.targets()) {
                if (!switches.killed(t)) {
                    return;
                }
            }
            throw switches.allTargetsKilled(alias);
        }
    }

    private static String scopeOfSwitch(String code) {
        return switch (code == null ? "" : code) {
            case "inference_disabled" -> "global";
            case "tenant_disabled", "model_not_allowed" -> "tenant";
            case "feature_disabled" -> "feature";
            default -> "alias";
        };
    }
}
