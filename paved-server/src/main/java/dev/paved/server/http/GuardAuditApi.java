package dev.paved.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.gateway.wire.Json;
import dev.paved.server.store.GuardAuditStore;
import dev.paved.server.store.TenantStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/guard/audit?tenant_id=…[&request_id=…][&limit=…]}: a tenant's guardrail decisions, newest first,
 * as the audit log holds them (reason codes and scores, never text). Reads run in the tenant's row-level-security
 * scope, so one tenant's query cannot return another's rows.
 */
public final class GuardAuditApi implements AdminRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final Vertx vertx;
    private final GuardAuditStore audit;
    private final TenantStore tenants;

    public GuardAuditApi(Vertx vertx, GuardAuditStore audit, TenantStore tenants) {
        this.vertx = vertx;
        this.audit = audit;
        this.tenants = tenants;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/guard/audit").handler(this::list);
    }

    private void list(RoutingContext rc) {
        String tenant = rc.queryParams().get("tenant_id");
        if (tenant == null || tenant.isBlank()) {
            throw PavedException.invalid("tenant_id is required: the audit log is read one tenant at a time. "
                    + "List tenant ids with 'paved tenants list'.", "tenant_id");
        }
        String requestId = rc.queryParams().get("request_id");
        int limit = limit(rc.queryParams().get("limit"));
        WorkerCalls.respond(vertx, rc, 200, () -> {
            tenants.get(tenant);
            ObjectNode root = Json.object();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            for (GuardAuditStore.Logged logged : audit.history(tenant, requestId, limit)) {
                GuardAuditStore.Entry e = logged.entry();
                ObjectNode n = data.addObject();
                n.put("at", logged.at().toString());
                n.put("request_id", e.requestId());
                n.put("trace_id", e.traceId());
                n.put("key_id", e.keyId());
                if (e.principalId() != null) {
                    n.put("principal_id", e.principalId());
                }
                n.put("feature_id", e.featureId());
                n.put("api", e.api());
                n.put("alias", e.alias());
                n.put("stage", e.stage());
                n.put("verdict", e.verdict());
                e.scanners().forEach(n.putArray("scanners")::add);
                e.reasonCodes().forEach(n.putArray("reason_codes")::add);
                n.put("max_score", e.maxScore());
                n.put("redactions", e.redactions());
                n.put("scan_us", e.scanMicros());
            }
            return root;
        }, "Reading the guardrail audit log failed");
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw PavedException.invalid("limit must be an integer between 1 and " + MAX_LIMIT + ".", "limit");
    }
}
