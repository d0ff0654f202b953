package dev.paved.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/** Liveness, readiness and Prometheus metrics. */
final class OpsApi {
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier databaseReachable;

    OpsApi(Vertx vertx, PrometheusMeterRegistry registry, BooleanSupplier databaseReachable) {
        this.vertx = vertx;
        this.registry = registry;
        this.databaseReachable = databaseReachable;
    }

    void health(RoutingContext rc) {
        rc.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}");
    }

    void ready(RoutingContext rc) {
        vertx.executeBlocking(databaseReachable::getAsBoolean, false).onComplete(ar -> {
            boolean ok = ar.succeeded() && ar.result();
            rc.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json")
                    .end(ok ? "{\"status\":\"ready\",\"database\":\"ok\"}"
                            : "{\"status\":\"not_ready\",\"database\":\"unreachable\",\"hint\":\"check PAVED_DATABASE_URL and that PostgreSQL is running\"}");
        });
    }

    void metrics(RoutingContext rc) {
        vertx.executeBlocking(() -> registry.scrape(), false).onComplete(ar -> {
            if (ar.failed()) {
                rc.response().setStatusCode(500).end();
                return;
            }
            rc.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
        });
    }
}
