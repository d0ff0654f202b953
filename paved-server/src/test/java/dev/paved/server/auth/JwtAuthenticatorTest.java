package dev.paved.server.auth;

import static dev.paved.server.auth.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.PavedException;
import dev.paved.server.auth.jwt.JwtIssuer;
import dev.paved.server.auth.jwt.JwtSettings;
import dev.paved.server.auth.jwt.KeySource;
import dev.paved.server.auth.jwt.TestTokens;
import dev.paved.server.auth.jwt.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token cache, tenant checks and principal building around {@link TokenVerifier}, with a clock the test moves. */
class JwtAuthenticatorTest {
    private static final String SECRET = TestTokens.hmacSecret();
    private static final KeySource KEYS = new KeySource.HmacSecret(SECRET.getBytes(StandardCharsets.UTF_8));
    private static final JwtIssuer ACME = new JwtIssuer("acme", "idp", "paved", KEYS, null, null, "feature", Duration.ZERO, false, null);
    private static final JwtIssuer PORTAL = new JwtIssuer("acme", "portal", "paved", KEYS, null, null, null, Duration.ZERO, false,
            new JwtIssuer.TokenOnly(Set.of("fast"), "portal"));
    private static final Principal KEY = new Principal("key_1", "tn_acme", Set.of("fast", "slow"), "support", Set.of("key-group"));

    private final Vertx vertx = Vertx.vertx();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicReference<Boolean> tenantActive = new AtomicReference<>(true);
    private final TokenVerifier real = new TokenVerifier();

    private JwtAuthenticator authenticator(int cacheEntries) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        JwtAuthenticator.Tenants tenants = new JwtAuthenticator.Tenants() {
            @Override
            public Optional<String> activeId(String nameOrId) {
                return tenantActive.get() && nameOrId.equals("acme") ? Optional.of("tn_acme") : Optional.empty();
            }

            @Override
            public String name(String tenantId) {
                return tenantId.equals("tn_acme") ? "acme" : null;
            }
        };
        return new JwtAuthenticator(vertx, new JwtSettings(List.of(ACME, PORTAL), cacheEntries), (token, candidates, withKey, at) -> {
            verifications.incrementAndGet();
            return real.verify(token, candidates, withKey, at);
        }, tenants, clock);
    }

    @AfterEach
    void close() {
        vertx.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String failure(Future<?> f) throws Exception {
        try {
            await(f);
            return "none";
        } catch (ExecutionException e) {
            return ((PavedException) e.getCause()).code();
        }
    }

    private String token(String iss, String sub, List<String> groups, Instant exp) {
        return TestTokens.signHmac(SECRET, claims(iss, "paved", sub, groups).expirationTime(Date.from(exp)).build());
    }

    @Test
    void aKeyActsForTheTokensUserWithTheTokensGroups() throws Exception {
        String t = TestTokens.signHmac(SECRET, new com.nimbusds.jwt.JWTClaimsSet.Builder(claims("idp", "paved", "alice", List.of("hr")).build())
                .claim("feature", "payroll").build());
        Principal p = await(authenticator(10).withKey(KEY, t));
        assertThat(p.keyId()).isEqualTo("key_1");
        assertThat(p.tenantId()).isEqualTo("tn_acme");
        assertThat(p.allowedAliases()).isEqualTo(KEY.allowedAliases());
        assertThat(p.aclGroups()).containsExactly("hr");
        assertThat(p.defaultFeature()).isEqualTo("payroll");
        assertThat(p.principalId()).isEqualTo("alice");
        assertThat(p.sessionOwner()).isEqualTo("idp alice");
        assertThat(p.tokenOnly()).isFalse();
        // Another tenant's key does not trust acme's issuers.
        Principal other = new Principal("key_2", "tn_globex", Set.of(), null, Set.of());
        assertThat(failure(authenticator(10).withKey(other, t))).isEqualTo("token_issuer_not_trusted");
    }

    @Test
    void verifiedTokensAreRememberedUntilTheyExpire() throws Exception {
        JwtAuthenticator auth = authenticator(10);
        String t = token("idp", "alice", List.of("hr"), now.get().plusSeconds(60));
        await(auth.withKey(KEY, t));
        await(auth.withKey(KEY, t));
        await(auth.withKey(KEY, t));
        assertThat(verifications.get()).as("the hot path does not verify again").isEqualTo(1);
        now.set(now.get().plusSeconds(61));
        assertThat(failure(auth.withKey(KEY, t))).isEqualTo("token_expired");
        assertThat(verifications.get()).isEqualTo(2);
        // A refusal is remembered briefly, so a flood of bad tokens is not verified over and over.
        String bad = token("idp", "alice", null, now.get().minusSeconds(5));
        assertThat(failure(auth.withKey(KEY, bad))).isEqualTo("token_expired");
        assertThat(failure(auth.withKey(KEY, bad))).isEqualTo("token_expired");
        assertThat(verifications.get()).isEqualTo(3);
    }

    @Test
    void theCacheIsBounded() throws Exception {
        JwtAuthenticator auth = authenticator(3);
        for (int i = 0; i < 10; i++) {
            await(auth.withKey(KEY, token("idp", "user" + i, null, now.get().plusSeconds(600))));
            assertThat(auth.cached()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aTokenAloneGetsItsIssuersTenantAliasesAndFeature() throws Exception {
        JwtAuthenticator auth = authenticator(10);
        String t = token("portal", "gina", List.of("staff"), now.get().plusSeconds(600));
        Principal p = await(auth.alone(t));
        assertThat(p.tenantId()).isEqualTo("tn_acme");
        assertThat(p.keyId()).isEqualTo("jwt:portal");
        assertThat(p.allowedAliases()).containsExactly("fast");
        assertThat(p.defaultFeature()).isEqualTo("portal");
        assertThat(p.aclGroups()).containsExactly("staff");
        assertThat(p.tokenOnly()).isTrue();
        // An issuer without token_only needs an API key.
        assertThat(failure(auth.alone(token("idp", "alice", null, now.get().plusSeconds(600))))).isEqualTo("token_issuer_not_trusted");
        // A disabled tenant's tokens stop working once the tenant check (5 s) expires, although the token is still cached.
        tenantActive.set(false);
        now.set(now.get().plusSeconds(6));
        assertThat(failure(auth.alone(t))).isEqualTo("tenant_unavailable");
    }
}
