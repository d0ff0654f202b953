package dev.paved.server.http;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.server.auth.JwtAuthenticator;
import dev.paved.server.auth.KeyAuthenticator;
import dev.paved.server.auth.Principal;
import dev.paved.server.auth.jwt.TokenVerifier;
import dev.paved.server.telemetry.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates the caller and attaches the {@link RequestContext}: the tenant comes from the API key or from a trusted
 * JWT's issuer, never from the request; the feature from {@code X-Feature-Id}, else the token's feature claim, else the
 * key's default. Three ways in: an API key; an API key with the end user's JWT in {@value #USER_TOKEN} (the token's
 * subject and groups replace the key's groups); a JWT alone as the credential (recognised by its three-part shape), for
 * issuers configured with {@code token_only}.
 */
final class ApiAuth implements Handler<RoutingContext> {
    static final String CONTEXT = "paved.context";
    static final String PRINCIPAL = "paved.principal";
    static final String USER_TOKEN = "x-paved-user-token";
    private static final int MAX_FEATURE_LENGTH = 64;
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final KeyAuthenticator authenticator;
    private final JwtAuthenticator tokens;
    private final WireFormat format;
    private final boolean tokenOnlyAllowed;

    ApiAuth(KeyAuthenticator authenticator, JwtAuthenticator tokens, WireFormat format) {
        this(authenticator, tokens, format, true);
    }

    private ApiAuth(KeyAuthenticator authenticator, JwtAuthenticator tokens, WireFormat format, boolean tokenOnlyAllowed) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.format = format;
        this.tokenOnlyAllowed = tokenOnlyAllowed;
    }

    /** The same authentication, refusing a token that is the only credential (for routes that change knowledge bases). */
    ApiAuth keysOnly() {
        return new ApiAuth(authenticator, tokens, format, false);
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String secret = secret(req);
        String userToken = req.getHeader(USER_TOKEN);
        String feature = req.getHeader("x-feature-id");
        if (feature != null && !validFeature(feature)) {
            ErrorResponses.send(rc.response(), format, new PavedException(ErrorKind.INVALID_REQUEST,
                    "X-Feature-Id must be 1-64 characters of letters, digits, '.', '_', ':' or '-'.", "X-Feature-Id", "invalid_feature_id"));
            return;
        }
        Future<Principal> who;
        try {
            who = principal(secret, userToken == null ? null : userToken.strip());
        } catch (PavedException e) {
            ErrorResponses.send(rc.response(), format, e);
            return;
        }
        who.onComplete(ar -> {
            if (ar.failed()) {
                PavedException e = ar.cause() instanceof PavedException pe ? pe
                        : new PavedException(ErrorKind.UNAVAILABLE, "Could not verify the credentials right now (the database is unreachable). Retry shortly.",
                        null, "auth_unavailable");
                ErrorResponses.send(rc.response(), format, e);
                return;
            }
            Principal p = ar.result();
            if (p.tokenOnly() && feature != null && !feature.equals(p.defaultFeature())) {
                ErrorResponses.send(rc.response(), format, new PavedException(ErrorKind.PERMISSION, "With a token as the only credential the "
                        + "feature is the token's ('" + p.defaultFeature() + "'); drop X-Feature-Id, or call with an API key.", "X-Feature-Id",
                        "feature_not_allowed"));
                return;
            }
            Tracing.EdgeSpan span = Edge.span(rc);
            rc.put(PRINCIPAL, p);
            rc.put(CONTEXT, new RequestContext(Edge.requestId(rc), span.traceId(), span.spanId(), p.tenantId(), p.keyId(),
                    feature != null ? feature : p.defaultFeature(), p.allowedAliases(), p.principalId()));
            rc.next();
        });
    }

    private Future<Principal> principal(String secret, String userToken) {
        if (TokenVerifier.looksLikeJwt(secret)) {
            if (userToken != null) {
                throw new PavedException(ErrorKind.AUTHENTICATION, "Send the user's token once: either as the credential (Authorization: "
                        + "Bearer <jwt>) or in '" + USER_TOKEN + "' next to a Paved API key, not both.", null, "token_sent_twice");
            }
            if (!tokenOnlyAllowed) {
                throw new PavedException(ErrorKind.PERMISSION, "A user token alone may not change knowledge bases; use a Paved API key "
                        + "for ingestion, configuration and deletion.", null, "token_not_allowed");
            }
            return secret.length() > MAX_TOKEN_LENGTH ? Future.failedFuture(tooLong()) : tokens.alone(secret);
        }
        if (userToken != null && (secret == null || secret.isBlank())) {
            throw new PavedException(ErrorKind.AUTHENTICATION, "'" + USER_TOKEN + "' comes with a Paved API key (Authorization: Bearer "
                    + "pk_... or x-api-key). To authenticate with the user's token alone, send it as 'Authorization: Bearer <jwt>'.", null,
                    "missing_api_key");
        }
        Future<Principal> key = authenticator.authenticate(secret);
        if (userToken == null) {
            return key;
        }
        if (userToken.isEmpty() || userToken.length() > MAX_TOKEN_LENGTH) {
            return Future.failedFuture(userToken.isEmpty() ? new PavedException(ErrorKind.AUTHENTICATION, "'" + USER_TOKEN
                    + "' is empty; send the user's JWT, or leave the header out.", null, "token_malformed") : tooLong());
        }
        return key.compose(k -> tokens.withKey(k, userToken));
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

    private static PavedException tooLong() {
        return new PavedException(ErrorKind.AUTHENTICATION, "The token is longer than " + MAX_TOKEN_LENGTH + " characters; ask the "
                + "identity provider for a smaller token (fewer claims).", null, "token_malformed");
    }

    private static boolean validFeature(String f) {
        return SafeIds.valid(f, MAX_FEATURE_LENGTH);
    }
}
