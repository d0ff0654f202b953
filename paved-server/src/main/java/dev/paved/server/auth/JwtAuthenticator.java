package dev.paved.server.auth;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.server.auth.jwt.JwtIssuer;
import dev.paved.server.auth.jwt.JwtSettings;
import dev.paved.server.auth.jwt.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates end-user JWTs, in two ways: a user token alongside a product API key ({@link #withKey}), or a token that
 * is the only credential ({@link #alone}). Verification (signature, and fetching a JWKS when needed) runs on a worker
 * thread; verified tokens are remembered by their SHA-256 (never the token) until they expire, in at most
 * {@link JwtSettings#cacheEntries()} entries, so the hot path neither verifies a signature again nor leaves the event loop.
 * Refusals are remembered for {@link #NEGATIVE_TTL_MILLIS}. The tenant of a token-only caller is checked (exists, active)
 * at most every {@link #TENANT_TTL_MILLIS}, so disabling a tenant stops its tokens as quickly as its keys.
 */
public final class JwtAuthenticator {
    static final long NEGATIVE_TTL_MILLIS = 2_000;
    static final long TENANT_TTL_MILLIS = 5_000;

    /** Tenant look-ups; both blocking, called from worker threads. */
    public interface Tenants {
        /** The id of the active tenant a config entry names (by name or id); empty when there is none or it is disabled. */
        Optional<String> activeId(String nameOrId);

        /** The tenant's name, or null when unknown. */
        String name(String tenantId);
    }

    /** Verifies a token against candidate issuers ({@link TokenVerifier#verify}); blocking. */
    @FunctionalInterface
    public interface Verification {
        TokenVerifier.Verified verify(String token, List<JwtIssuer> candidates, boolean withKey, Instant now);
    }

    private record Outcome(TokenVerifier.Verified verified, PavedException refused, long until) {
    }

    private record TenantEntry(String id, long until) {
    }

    private final Vertx vertx;
    private final JwtSettings settings;
    private final Verification verifier;
    private final Tenants tenants;
    private final Clock clock;
    private final ConcurrentHashMap<String, Outcome> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TenantEntry> tenantIds = new ConcurrentHashMap<>();

    public JwtAuthenticator(Vertx vertx, JwtSettings settings, Verification verifier, Tenants tenants, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.verifier = verifier;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Whether any issuer is trusted; when not, every token is refused with a message saying so. */
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * The API key's principal acting for the token's user. The token must come from an issuer trusted by the key's tenant;
     * an issuer trusted only by another tenant is refused like an unknown one.
     */
    public Future<Principal> withKey(Principal key, String token) {
        if (!enabled()) {
            return Future.failedFuture(notConfigured());
        }
        return verified(token, key.tenantId(), () -> settings.of(key.tenantId(), tenants.name(key.tenantId())), true)
                .map(v -> key.actingFor(v.user()));
    }

    /** A principal from a token alone: tenant, aliases and default feature from the issuer's {@code token_only} settings. */
    public Future<Principal> alone(String token) {
        if (settings.tokenOnly().isEmpty()) {
            return Future.failedFuture(new PavedException(ErrorKind.AUTHENTICATION, "A token alone is not accepted here: no issuer is"
                    + " configured for token_only. Send a Paved API key (Authorization: Bearer pk_...), with the user's token in"
                    + " 'x-paved-user-token'.", null, "token_only_not_enabled"));
        }
        return verified(token, "*", settings::tokenOnly, false).compose(v -> tenantId(v.issuer()).map(tenantId -> {
            JwtIssuer.TokenOnly t = v.issuer().tokenOnly();
            String feature = v.user().feature() != null ? v.user().feature() : t.feature();
            return new Principal("jwt:" + v.issuer().issuer(), tenantId, t.aliases(), feature, v.user().groups(), v.user(), true);
        }));
    }

    private Future<TokenVerifier.Verified> verified(String token, String scope, java.util.function.Supplier<List<JwtIssuer>> candidates,
                                                    boolean withKey) {
        String cacheKey = KeyAuthenticator.sha256Hex(token) + "|" + scope;
        long now = clock.millis();
        Outcome o = cache.get(cacheKey);
        if (o != null && now < o.until()) {
            return o.refused() != null ? Future.failedFuture(o.refused()) : Future.succeededFuture(o.verified());
        }
        if (o != null) {
            cache.remove(cacheKey, o);
        }
        return vertx.executeBlocking(() -> verifier.verify(token, candidates.get(), withKey, clock.instant()), false)
                .andThen(ar -> remember(cacheKey, ar.succeeded() ? ar.result() : null, ar.failed() ? ar.cause() : null));
    }

    private void remember(String cacheKey, TokenVerifier.Verified v, Throwable failure) {
        if (failure != null && (!(failure instanceof PavedException pe) || pe.kind() != ErrorKind.AUTHENTICATION)) {
            return; // keys unavailable, or an internal error: try again on the next request
        }
        long now = clock.millis();
        if (cache.size() >= settings.cacheEntries()) {
            cache.values().removeIf(x -> x.until() <= now);
            if (cache.size() >= settings.cacheEntries()) {
                cache.clear();
            }
        }
        cache.put(cacheKey, v != null ? new Outcome(v, null, v.expiresAt().toEpochMilli())
                : new Outcome(null, (PavedException) failure, now + NEGATIVE_TTL_MILLIS));
    }

    private Future<String> tenantId(JwtIssuer issuer) {
        long now = clock.millis();
        TenantEntry t = tenantIds.get(issuer.tenant());
        if (t != null && now < t.until()) {
            return t.id() == null ? Future.failedFuture(tenantUnavailable()) : Future.succeededFuture(t.id());
        }
        return vertx.executeBlocking(() -> tenants.activeId(issuer.tenant()).orElse(null), false).compose(id -> {
            tenantIds.put(issuer.tenant(), new TenantEntry(id, clock.millis() + TENANT_TTL_MILLIS));
            return id == null ? Future.failedFuture(tenantUnavailable()) : Future.succeededFuture(id);
        });
    }

    /** Forget every cached decision (after a tenant was disabled here). */
    public void invalidateAll() {
        cache.clear();
        tenantIds.clear();
    }

    /** How many verified or refused tokens are remembered (tests). */
    int cached() {
        return cache.size();
    }

    private static PavedException tenantUnavailable() {
        return new PavedException(ErrorKind.AUTHENTICATION, "The tenant this token's issuer belongs to does not exist or is disabled. "
                + "Ask the platform team.", null, "tenant_unavailable");
    }

    private static PavedException notConfigured() {
        return new PavedException(ErrorKind.AUTHENTICATION, "User tokens are not accepted: no token issuer is configured. Remove "
                + "'x-paved-user-token', or ask the platform team to add the issuer under auth.issuers in paved.yaml.", null,
                "token_issuer_not_trusted");
    }
}
