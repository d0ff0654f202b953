package dev.paved.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.config.TargetConfig;
import dev.paved.gateway.resilience.HealthRegistry;
import dev.paved.gateway.resilience.TargetHealth;
import dev.paved.gateway.wire.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /admin/targets}: every configured upstream target with the aliases that use it, its breaker
 * state, error rate, latency p50/p95, retries, fallbacks and recent transitions, as this replica sees them.
 */
public final class TargetsApi implements AdminRoutes {
    private final GatewayConfig config;
    private final HealthRegistry health;

    public TargetsApi(GatewayConfig config, HealthRegistry health) {
        this.config = config;
        this.health = health;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/targets").handler(this::list);
    }

    private void list(RoutingContext rc) {
        Map<String, ObjectNode> byTarget = new TreeMap<>();
        for (AliasConfig alias : config.aliases().values()) {
            for (TargetConfig t : alias.targets()) {
                ProviderType type = config.providers().get(t.provider()).type();
                if (type == ProviderType.LOCAL || type == ProviderType.EXTRACTIVE) {
                    continue;
                }
                ObjectNode n = byTarget.computeIfAbsent(t.qualifiedName(), k -> describe(t));
                ((ArrayNode) n.get("aliases")).add(alias.name());
            }
        }
        ObjectNode root = Json.object();
        root.put("object", "list");
        root.put("retry_budget_available", health.retryBudget().available());
        ArrayNode data = root.putArray("data");
        byTarget.values().forEach(data::add);
        rc.response().putHeader("content-type", "application/json").end(Json.write(root));
    }

    private ObjectNode describe(TargetConfig t) {
        TargetHealth h = health.of(t);
        ObjectNode n = Json.object();
        n.put("target", t.qualifiedName());
        n.put("provider", t.provider());
        n.put("model", t.model());
        n.put("tier", t.tier());
        n.put("region", t.region());
        n.putArray("aliases");
        n.put("state", h.state().name().toLowerCase(Locale.ROOT));
        float rate = h.failureRate();
        if (rate < 0) {
            n.putNull("error_rate_percent");
        } else {
            n.put("error_rate_percent", rate);
        }
        n.put("calls", h.calls());
        n.put("failures", h.failures());
        n.put("retries", h.retries());
        n.put("fallbacks", h.fallbacks());
        n.put("rejected_by_breaker", h.rejected());
        n.put("latency_p50_ms", h.latencyP50());
        n.put("latency_p95_ms", h.latencyP95());
        n.put("latency_slo_ms", h.slo().toMillis());
        ArrayNode transitions = n.putArray("transitions");
        for (TargetHealth.Transition tr : h.transitions()) {
            ObjectNode o = transitions.addObject();
            o.put("at", tr.at().toString());
            o.put("from", tr.from().name().toLowerCase(Locale.ROOT));
            o.put("to", tr.to().name().toLowerCase(Locale.ROOT));
            o.put("from_peer", tr.fromPeer());
        }
        return n;
    }
}
