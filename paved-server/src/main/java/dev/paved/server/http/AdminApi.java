package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import dev.paved.server.auth.KeyAuthenticator;
import dev.paved.server.store.ApiKey;
import dev.paved.server.store.ApiKeyStore;
import dev.paved.server.store.CreatedKey;
import dev.paved.server.store.LedgerQueries;
import dev.paved.server.store.Status;
import dev.paved.server.store.Tenant;
import dev.paved.server.store.TenantStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The admin API: tenants, keys and the ledger, behind the admin key. Store calls are blocking JDBC
 * and run on worker threads. Errors use the OpenAI error format.
 */
public final class AdminApi {
    private final Vertx vertx;
    private final KeyAuthenticator adminAuth;
    private final KeyAuthenticator apiKeys;
    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final LedgerQueries ledger;
    private final List<AdminRoutes> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PolicyAdminApi policy;

    /**
     * @param adminAuth authenticates the admin key
     * @param apiKeys   the product-key authenticator, whose cache is dropped when a key or tenant changes
     */
    public AdminApi(Vertx vertx, KeyAuthenticator adminAuth, KeyAuthenticator apiKeys, TenantStore tenants, ApiKeyStore keys,
                    LedgerQueries ledger) {
        this(vertx, adminAuth, apiKeys, tenants, keys, ledger, null);
    }

    /** @param policy kill switches, limits and budgets; null leaves those endpoints out */
    public AdminApi(Vertx vertx, KeyAuthenticator adminAuth, KeyAuthenticator apiKeys, TenantStore tenants, ApiKeyStore keys,
                    LedgerQueries ledger, PolicyAdminApi policy) {
        this.policy = policy;
        this.vertx = vertx;
        this.adminAuth = adminAuth;
        this.apiKeys = apiKeys;
        this.tenants = tenants;
        this.keys = keys;
        this.ledger = ledger;
    }

    void mount(Router router, Edge edge, BodyHandler body) {
        router.route("/admin/*").handler(body).handler(edge).handler(this::authenticate)
                .failureHandler(rc -> ErrorResponses.send(rc.response(), WireFormat.OPENAI, HttpApi.failure(rc)));
        router.post("/admin/tenants").handler(rc -> blocking(rc, 201, () -> tenantJson(tenants.create(text(rc, "name", true)))));
        router.get("/admin/tenants").handler(rc -> blocking(rc, 200, () -> list(tenants.list().stream().map(AdminApi::tenantJson).toList())));
        router.get("/admin/tenants/:id").handler(rc -> blocking(rc, 200, () -> tenantJson(tenants.get(rc.pathParam("id")))));
        router.post("/admin/tenants/:id/disable").handler(rc -> blocking(rc, 200, () -> changed(tenantJson(tenants.setStatus(rc.pathParam("id"), Status.DISABLED)))));
        router.post("/admin/tenants/:id/enable").handler(rc -> blocking(rc, 200, () -> changed(tenantJson(tenants.setStatus(rc.pathParam("id"), Status.ACTIVE)))));
        router.post("/admin/tenants/:id/keys").handler(rc -> blocking(rc, 201, () -> createKey(rc)));
        router.get("/admin/tenants/:id/keys").handler(rc -> blocking(rc, 200, () -> {
            tenants.get(rc.pathParam("id"));
            return list(keys.list(rc.pathParam("id")).stream().map(AdminApi::keyJson).toList());
        }));
        router.post("/admin/keys/:id/disable").handler(rc -> blocking(rc, 200, () -> changed(keyJson(keys.disable(rc.pathParam("id"))))));
        router.get("/admin/ledger").handler(rc -> blocking(rc, 200, () -> ledger.recent(
                rc.queryParams().get("tenant_id"), rc.queryParams().get("request_id"), limit(rc))));
        router.get("/admin/ledger/summary").handler(rc -> blocking(rc, 200, () -> ledger.summary(rc.queryParams().get("tenant_id"))));
        if (policy != null) {
            policy.mount(router, this);
        }
        extensions.forEach(e -> e.mount(router));
    }

    /** Adds endpoints under /admin behind the admin key; call before the router is built. */
    public AdminApi with(AdminRoutes routes) {
        extensions.add(routes);
        return this;
    }

    private void authenticate(RoutingContext rc) {
        String auth = rc.request().getHeader("authorization");
        String secret = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        adminAuth.authenticate(secret).onComplete(ar -> {
            if (ar.failed()) {
                ErrorResponses.send(rc.response(), WireFormat.OPENAI, new PavedException(ErrorKind.AUTHENTICATION,
                        "Admin endpoints need the admin key: 'Authorization: Bearer <admin key>' (printed by 'paved serve' at first start, or PAVED_ADMIN_KEY).",
                        null, "invalid_admin_key"));
                return;
            }
            rc.next();
        });
    }

    private <T> T changed(T result) {
        apiKeys.invalidateAll();
        return result;
    }

    private JsonNode createKey(RoutingContext rc) {
        String tenantId = rc.pathParam("id");
        ObjectNode body = bodyOrEmpty(rc);
        String name = body.path("name").asText("default");
        Set<String> aliases = new LinkedHashSet<>();
        JsonNode list = body.get("allowed_aliases");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw PavedException.invalid("allowed_aliases must be an array of alias names.", "allowed_aliases");
            }
            for (JsonNode a : list) {
                if (!a.isTextual() || a.asText().isBlank()) {
                    throw PavedException.invalid("allowed_aliases must contain alias names (strings).", "allowed_aliases");
                }
                aliases.add(a.asText());
            }
        }
        JsonNode feature = body.get("default_feature");
        CreatedKey created = keys.create(tenantId, name, aliases, feature == null || feature.isNull() ? null : feature.asText(),
                aclGroups(body.get("acl_groups")));
        ObjectNode json = keyJson(created.key());
        json.put("key", created.plaintext());
        return json;
    }

    /** The key's ACL groups: names as knowledge bases accept them. */
    private static Set<String> aclGroups(JsonNode list) {
        if (list == null || list.isNull()) {
            return Set.of();
        }
        if (!list.isArray()) {
            throw PavedException.invalid("acl_groups must be an array of group names.", "acl_groups");
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        list.forEach(g -> names.add(g.isTextual() ? g.asText() : null));
        try {
            return new LinkedHashSet<>(dev.paved.knowledge.model.Names.groups(names));
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage() + ".", "acl_groups");
        }
    }

    private static int limit(RoutingContext rc) {
        String l = rc.queryParams().get("limit");
        if (l == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(l);
            if (n < 1 || n > 10_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw PavedException.invalid("limit must be an integer between 1 and 10000.", "limit");
        }
    }

    private static ObjectNode bodyOrEmpty(RoutingContext rc) {
        if (rc.body().buffer() == null || rc.body().buffer().length() == 0) {
            return Json.object();
        }
        return JsonBodies.object(rc);
    }

    private static String text(RoutingContext rc, String field, boolean required) {
        JsonNode v = JsonBodies.object(rc).get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw PavedException.invalid("'" + field + "' is required.", field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw PavedException.invalid("'" + field + "' must be a string.", field);
        }
        return v.asText();
    }

    void blocking(RoutingContext rc, int status, Callable<JsonNode> work) {
        WorkerCalls.respond(vertx, rc, status, work, "Admin operation failed");
    }

    static ObjectNode list(List<? extends JsonNode> items) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        items.forEach(data::add);
        return root;
    }

    static ObjectNode tenantJson(Tenant t) {
        ObjectNode n = Json.object();
        n.put("id", t.id());
        n.put("name", t.name());
        n.put("status", t.status().dbValue());
        n.put("created_at", t.createdAt().toString());
        return n;
    }

    static ObjectNode keyJson(ApiKey k) {
        ObjectNode n = Json.object();
        n.put("id", k.id());
        n.put("tenant_id", k.tenantId());
        n.put("name", k.name());
        n.put("prefix", k.prefix());
        ArrayNode aliases = n.putArray("allowed_aliases");
        k.allowedAliases().stream().sorted().forEach(aliases::add);
        ArrayNode groups = n.putArray("acl_groups");
        k.aclGroups().stream().sorted().forEach(groups::add);
        if (k.defaultFeature() == null) {
            n.putNull("default_feature");
        } else {
            n.put("default_feature", k.defaultFeature());
        }
        n.put("status", k.status().dbValue());
        n.put("created_at", k.createdAt().toString());
        if (k.lastUsedAt() == null) {
            n.putNull("last_used_at");
        } else {
            n.put("last_used_at", k.lastUsedAt().toString());
        }
        return n;
    }
}
