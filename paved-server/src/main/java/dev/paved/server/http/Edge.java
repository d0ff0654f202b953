package dev.paved.server.http;

import dev.paved.core.Ids;
import dev.paved.server.telemetry.Tracing;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every API request: assigns the request id (the caller's {@code x-request-id}
 * when it is sane), starts the edge span from the caller's {@code traceparent}, and returns both
 * in response headers.
 */
final class Edge implements Handler<RoutingContext> {
    static final String REQUEST_ID = "paved.requestId";
    static final String SPAN = "paved.edgeSpan";

    private final Tracing tracing;

    Edge(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void handle(RoutingContext rc) {
        begin(rc);
        rc.next();
    }

    /** Assigns the request id and starts the edge span, unless that was done already for this request. */
    void begin(RoutingContext rc) {
        if (rc.get(SPAN) != null) {
            return;
        }
        HttpServerRequest req = rc.request();
        String requestId = sanitize(req.getHeader("x-request-id"));
        Tracing.EdgeSpan span = tracing.startEdge(req.getHeader("traceparent"), req.method().name() + " " + rc.currentRoute().getPath());
        rc.put(REQUEST_ID, requestId);
        rc.put(SPAN, span);
        HttpServerResponse resp = rc.response();
        resp.putHeader("x-request-id", requestId);
        resp.putHeader("traceparent", "00-" + span.traceId() + "-" + span.spanId() + "-01");
        rc.addEndHandler(ar -> span.end(resp.ended() ? resp.getStatusCode() : 499, requestId));
    }

    static String requestId(RoutingContext rc) {
        return rc.get(REQUEST_ID);
    }

    static Tracing.EdgeSpan span(RoutingContext rc) {
        return rc.get(SPAN);
    }

    private static String sanitize(String incoming) {
        return SafeIds.valid(incoming, 128) ? incoming : Ids.requestId();
    }
}
