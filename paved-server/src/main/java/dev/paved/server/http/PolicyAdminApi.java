package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.gateway.policy.BudgetPeriod;
import dev.paved.gateway.policy.Consumption;
import dev.paved.gateway.policy.KillSwitch;
import dev.paved.gateway.wire.Json;
import dev.paved.server.policy.SwitchControl;
import dev.paved.server.store.ApiKey;
import dev.paved.server.store.ApiKeyStore;
import dev.paved.server.store.LedgerFeatures;
import dev.paved.server.store.Tenant;
import dev.paved.server.store.TenantStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Admin endpoints of the traffic policy: kill switches ({@code GET/PUT/DELETE /admin/switches}) and what
 * limits and budgets have used ({@code GET /admin/limits}, {@code GET /admin/budgets}). Mounted under the
 * admin API's authentication.
 */
public final class PolicyAdminApi {
    private final SwitchControl switches;
    private final Consumption consumption;
    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final LedgerFeatures features;

    public PolicyAdminApi(SwitchControl switches, Consumption consumption, TenantStore tenants, ApiKeyStore keys, LedgerFeatures features) {
        this.switches = switches;
        this.consumption = consumption;
        this.tenants = tenants;
        this.keys = keys;
        this.features = features;
    }

    void mount(Router router, AdminApi admin) {
        router.get("/admin/switches").handler(rc -> admin.blocking(rc, 200,
                () -> AdminApi.list(switches.list().stream().map(PolicyAdminApi::switchJson).toList())));
        router.put("/admin/switches/:scope").handler(rc -> admin.blocking(rc, 200, () -> {
            ObjectNode body = rc.body().buffer() == null || rc.body().length() == 0 ? Json.object() : JsonBodies.object(rc);
            return switchJson(switches.set(rc.pathParam("scope"), text(body, "target"), text(body, "reason")));
        }));
        router.delete("/admin/switches/:scope").handler(rc -> admin.blocking(rc, 200, () -> {
            ObjectNode n = switchJson(switches.clear(rc.pathParam("scope"), rc.queryParams().get("target")));
            n.put("cleared", true);
            return n;
        }));
        router.get("/admin/limits").handler(rc -> admin.blocking(rc, 200, () -> limits(rc)));
        router.get("/admin/budgets").handler(rc -> admin.blocking(rc, 200, () -> budgets(rc)));
    }

    private JsonNode limits(RoutingContext rc) throws Exception {
        List<Consumption.LimitUse> rows = await(consumption.limits(subjects(rc.queryParams().get("tenant_id"), false)));
        return AdminApi.list(rows.stream().map(r -> {
            ObjectNode n = Json.object();
            n.put("scope", r.scope());
            n.put("id", r.id());
            n.put("limit", r.limit());
            n.put("traffic_class", r.trafficClass());
            n.put("used", r.used());
            n.put("max", r.max());
            n.put("resets_at", r.resetsAt() == null ? null : r.resetsAt().toString());
            return n;
        }).toList());
    }

    private JsonNode budgets(RoutingContext rc) throws Exception {
        List<Consumption.BudgetUse> rows = await(consumption.budgets(subjects(rc.queryParams().get("tenant_id"), true)));
        return AdminApi.list(rows.stream().map(r -> {
            ObjectNode n = Json.object();
            n.put("scope", r.scope());
            n.put("id", r.id());
            n.put("period", r.period());
            n.put("spent_usd", r.spentUsd());
            n.put("cap_usd", r.capUsd());
            n.put("soft_usd", r.softUsd().stripTrailingZeros());
            n.put("resets_at", r.resetsAt().toString());
            return n;
        }).toList());
    }

    /** One tenant (with its keys, and its features this month for budgets), or every tenant. */
    private List<Consumption.Subject> subjects(String tenantId, boolean withFeatures) {
        List<Consumption.Subject> out = new ArrayList<>();
        if (tenantId == null) {
            for (Tenant t : tenants.list()) {
                out.add(new Consumption.Subject("tenant", t.id(), t.name()));
            }
            return out;
        }
        Tenant t = tenants.get(tenantId);
        out.add(new Consumption.Subject("tenant", t.id(), t.name()));
        for (ApiKey k : keys.list(t.id())) {
            out.add(new Consumption.Subject("key", k.id(), null));
        }
        if (withFeatures) {
            for (String f : features.since(t.id(), BudgetPeriod.MONTH.start(Instant.now()))) {
                out.add(new Consumption.Subject("feature", f, null));
            }
        }
        return out;
    }

    static ObjectNode switchJson(KillSwitch s) {
        ObjectNode n = Json.object();
        n.put("scope", s.scope().label());
        n.put("target", s.target());
        n.put("reason", s.reason());
        n.put("since", s.since() == null ? null : s.since().toString());
        return n;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw PavedException.invalid("'" + field + "' must be a string.", field);
        }
        return v.asText();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
