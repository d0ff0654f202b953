package dev.paved.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheStats;
import dev.paved.gateway.cache.ResponseCache;
import dev.paved.gateway.wire.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.Map;

/**
 * {@code GET /admin/cache}: hit rate, hits by kind, misses, tokens and dollars saved per tenant, feature
 * and alias, plus entries, evictions and mean lookup time. {@code DELETE /admin/cache/tenants/{id}} drops
 * a tenant's cached answers on this replica and, with Redis, on the others ({@code deleted} counts this one's).
 */
public final class CacheApi implements AdminRoutes {
    private final ResponseCache cache;

    public CacheApi(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/cache").handler(this::stats);
        router.delete("/admin/cache/tenants/:id").handler(this::purge);
    }

    private void stats(RoutingContext rc) {
        String tenant = rc.queryParams().get("tenant_id");
        ObjectNode root = Json.object();
        root.put("object", "cache_stats");
        root.put("entries", cache.store().size());
        root.put("evictions", cache.store().evictions());
        root.put("mean_lookup_us", Math.round(cache.stats().meanLookupMicros() * 10) / 10.0);
        ArrayNode data = root.putArray("data");
        cache.stats().byKey().entrySet().stream()
                .filter(e -> tenant == null || e.getKey().tenantId().equals(tenant))
                .sorted(Comparator.comparing((Map.Entry<CacheStats.Key, CacheStats.Counters> e) -> e.getKey().tenantId())
                        .thenComparing(e -> e.getKey().alias()).thenComparing(e -> e.getKey().featureId()))
                .forEach(e -> {
                    CacheStats.Counters c = e.getValue();
                    ObjectNode n = data.addObject();
                    n.put("tenant_id", e.getKey().tenantId());
                    n.put("feature_id", e.getKey().featureId().isEmpty() ? null : e.getKey().featureId());
                    n.put("alias", e.getKey().alias());
                    n.put("hit_rate", Math.round(c.hitRate() * 10_000) / 10_000.0);
                    n.put("exact_hits", c.exactHits.sum());
                    n.put("semantic_hits", c.semanticHits.sum());
                    n.put("misses", c.misses.sum());
                    n.put("stored", c.stores.sum());
                    n.put("tokens_saved", c.tokensSaved.sum());
                    n.put("dollars_saved", c.dollarsSaved());
                    n.put("entries", cache.store().sizeOf(e.getKey().tenantId()));
                });
        rc.response().putHeader("content-type", "application/json").end(Json.write(root));
    }

    private void purge(RoutingContext rc) {
        String tenant = rc.pathParam("id");
        if (tenant == null || !tenant.startsWith("tn_")) {
            ErrorResponses.send(rc.response(), WireFormat.OPENAI, new PavedException(ErrorKind.INVALID_REQUEST,
                    "Give a tenant id (tn_...).", "id", "invalid_value"));
            return;
        }
        ObjectNode n = Json.object();
        n.put("tenant_id", tenant);
        n.put("deleted", cache.purgeTenant(tenant));
        rc.response().putHeader("content-type", "application/json").end(Json.write(n));
    }
}
