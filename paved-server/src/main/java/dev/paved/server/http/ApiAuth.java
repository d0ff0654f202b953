package dev.paved.server.http;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.server.auth.KeyAuthenticator;
import dev.paved.server.auth.Principal;
import dev.paved.server.telemetry.Tracing;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates a product API key and attaches the {@link RequestContext}: the tenant comes from
 * the key, never from the request; the feature from {@code X-Feature-Id}, else the key's default.
 */
final class ApiAuth implements Handler<RoutingContext> {
    static final String CONTEXT = "paved.context";
    static final String PRINCIPAL = "paved.principal";
    private static final int MAX_FEATURE_LENGTH = 64;

    private final KeyAuthenticator authenticator;
    private final WireFormat format;

    ApiAuth(KeyAuthenticator authenticator, WireFormat format) {
        this.authenticator = authenticator;
        this.format = format;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String secret = secret(req);
        String feature = req.getHeader("x-feature-id");
        if (feature != null && !validFeature(feature)) {
            ErrorResponses.send(rc.response(), format, new PavedException(ErrorKind.INVALID_REQUEST,
                    "X-Feature-Id must be 1-64 characters of letters, digits, '.', '_', ':' or '-'.", "X-Feature-Id", "invalid_feature_id"));
            return;
        }
        authenticator.authenticate(secret).onComplete(ar -> {
            if (ar.failed()) {
                PavedException e = ar.cause() instanceof PavedException pe ? pe
                        : new PavedException(ErrorKind.UNAVAILABLE, "Could not verify the API key right now (the database is unreachable). Retry shortly.",
                        null, "auth_unavailable");
                ErrorResponses.send(rc.response(), format, e);
                return;
            }
            Principal p = ar.result();
            Tracing.EdgeSpan span = Edge.span(rc);
            rc.put(PRINCIPAL, p);
            rc.put(CONTEXT, new RequestContext(Edge.requestId(rc), span.traceId(), span.spanId(), p.tenantId(), p.keyId(),
                    feature != null ? feature : p.defaultFeature(), p.allowedAliases()));
            rc.next();
        });
    }

    static RequestContext context(RoutingContext rc) {
        return rc.get(CONTEXT);
    }

    static Principal principal(RoutingContext rc) {
        return rc.get(PRINCIPAL);
    }

    private String secret(HttpServerRequest req) {
        String auth = req.getHeader("authorization");
        String apiKey = req.getHeader("x-api-key");
        String bearer = null;
        if (auth != null && auth.length() > 7 && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            bearer = auth.substring(7).trim();
        }
        return format == WireFormat.ANTHROPIC ? (apiKey != null ? apiKey : bearer) : (bearer != null ? bearer : apiKey);
    }

    private static boolean validFeature(String f) {
        return SafeIds.valid(f, MAX_FEATURE_LENGTH);
    }
}
