package dev.paved.server.auth.jwt;

import static dev.paved.server.auth.jwt.TestTokens.claims;
import static dev.paved.server.auth.jwt.TestTokens.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Token verification and claim mapping without a server: real keys, real signatures. */
class TokenVerifierTest {
    private static final String ISS = "https://login.acme.example/";
    private static final RSAKey RSA = TestTokens.rsa("r1");
    private static final ECKey EC = TestTokens.ec("e1");
    private static final String SECRET = TestTokens.hmacSecret();
    private static final Instant NOW = Instant.now();

    private final TokenVerifier verifier = new TokenVerifier();

    private static JwtIssuer issuer(String tenant, String iss, String aud, KeySource keys) {
        return new JwtIssuer(tenant, iss, aud, keys, null, null, null, Duration.ofSeconds(30), false, null);
    }

    private static JwtIssuer rsaIssuer() {
        try {
            return issuer("acme", ISS, "paved", new KeySource.PublicKeyPem(PemKeys.publicKey(TestTokens.pem(RSA.toPublicKey()))));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private TokenVerifier.Verified verify(String token, JwtIssuer... candidates) {
        return verifier.verify(token, List.of(candidates), true, NOW);
    }

    private String refused(String token, JwtIssuer... candidates) {
        PavedException e = assertThrows(PavedException.class, () -> verify(token, candidates));
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.getMessage()).doesNotContain(token);
        return e.code();
    }

    @Test
    void aValidRsaTokenNamesTheUserAndTheirGroups() {
        TokenVerifier.Verified v = verify(TestTokens.sign(RSA, claims(ISS, "paved", "alice", List.of("hr", "staff")).build()), rsaIssuer());
        assertThat(v.user().subject()).isEqualTo("alice");
        assertThat(v.user().groups()).containsExactlyInAnyOrder("hr", "staff");
        assertThat(v.user().issuer()).isEqualTo(ISS);
        assertThat(v.expiresAt()).isAfter(NOW);
    }

    @Test
    void ecAndHmacKeysVerifyTheirOwnAlgorithms() throws Exception {
        JwtIssuer ec = issuer("acme", ISS, "paved", new KeySource.PublicKeyPem(PemKeys.publicKey(TestTokens.pem(EC.toPublicKey()))));
        assertThat(verify(TestTokens.sign(EC, claims(ISS, "paved", "bob", null).build()), ec).user().subject()).isEqualTo("bob");
        JwtIssuer hmac = issuer("acme", ISS, "paved", new KeySource.HmacSecret(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(verify(TestTokens.signHmac(SECRET, claims(ISS, "paved", "carol", null).build()), hmac).user().subject()).isEqualTo("carol");
        // An RSA-signed token is refused by an HMAC issuer before any key is used, and the other way round.
        assertThat(refused(TestTokens.sign(RSA, claims(ISS, "paved", "x", null).build()), hmac)).isEqualTo("token_algorithm_not_allowed");
        assertThat(refused(TestTokens.signHmac(SECRET, claims(ISS, "paved", "x", null).build()), rsaIssuer()))
                .isEqualTo("token_algorithm_not_allowed");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefusedOutsideTheClockSkew() {
        JWTClaimsSet.Builder old = claims(ISS, "paved", "alice", null);
        assertThat(refused(TestTokens.sign(RSA, with(old, b -> b.expirationTime(Date.from(NOW.minusSeconds(31))))), rsaIssuer()))
                .isEqualTo("token_expired");
        // Within the 30 s skew the token still passes.
        assertThat(verify(TestTokens.sign(RSA, with(old, b -> b.expirationTime(Date.from(NOW.minusSeconds(20))))), rsaIssuer())).isNotNull();
        JWTClaimsSet.Builder early = claims(ISS, "paved", "alice", null);
        assertThat(refused(TestTokens.sign(RSA, with(early, b -> b.notBeforeTime(Date.from(NOW.plusSeconds(120))))), rsaIssuer()))
                .isEqualTo("token_not_yet_valid");
        JWTClaimsSet.Builder forever = claims(ISS, "paved", "alice", null);
        assertThat(refused(TestTokens.sign(RSA, with(forever, b -> b.expirationTime(null))), rsaIssuer())).isEqualTo("token_expiry_missing");
    }

    @Test
    void wrongAudienceAndUnknownIssuerAreRefused() {
        assertThat(refused(TestTokens.sign(RSA, claims(ISS, "someone-else", "alice", null).build()), rsaIssuer()))
                .isEqualTo("token_audience_mismatch");
        assertThat(refused(TestTokens.sign(RSA, claims("https://evil.example/", "paved", "alice", null).build()), rsaIssuer()))
                .isEqualTo("token_issuer_not_trusted");
    }

    @Test
    void anIssuerTrustedByAnotherTenantIsNotACandidate() {
        JwtIssuer acme = rsaIssuer();
        JwtIssuer globex = issuer("globex", "https://login.globex.example/", "paved-globex", acme.keys());
        JwtSettings settings = new JwtSettings(List.of(acme, globex), 100);
        String globexToken = TestTokens.sign(RSA, claims("https://login.globex.example/", "paved-globex", "mallory", null).build());
        // Even with the same signing key, acme's candidates do not include globex's issuer.
        assertThat(refused(globexToken, settings.of("tn_acme1", "acme").toArray(JwtIssuer[]::new))).isEqualTo("token_issuer_not_trusted");
        assertThat(verify(globexToken, settings.of("tn_globex1", "globex").toArray(JwtIssuer[]::new)).user().subject()).isEqualTo("mallory");
        assertThat(settings.of("tn_acme1", null)).isEmpty();
        assertThat(new JwtSettings(List.of(issuer("tn_acme1", ISS, "paved", acme.keys())), 1).of("tn_acme1", null)).hasSize(1);
    }

    @Test
    void aBadSignatureAnUnsignedTokenAndGarbageAreRefused() throws Exception {
        String good = TestTokens.sign(RSA, claims(ISS, "paved", "alice", List.of("staff")).build());
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + TestTokens.sign(RSA, claims(ISS, "paved", "alice", List.of("hr")).build()).split("\\.")[1] + "." + parts[2];
        assertThat(refused(tampered, rsaIssuer())).isEqualTo("token_signature_invalid");
        assertThat(refused(TestTokens.sign(TestTokens.rsa("r1"), claims(ISS, "paved", "alice", null).build()), rsaIssuer()))
                .isEqualTo("token_signature_invalid");
        assertThat(refused(TestTokens.unsigned(claims(ISS, "paved", "alice", null).build()), rsaIssuer())).isEqualTo("token_unsigned");
        assertThat(refused("not-a.jwt.at-all", rsaIssuer())).isEqualTo("token_malformed");
        assertThat(refused("eyJub3QganNvbg.e30.c2ln", rsaIssuer())).isEqualTo("token_malformed");
        // HMAC with the RSA public key as the secret (the classic algorithm confusion) never reaches a verifier.
        byte[] publicBytes = TestTokens.pem(RSA.toPublicKey()).getBytes(StandardCharsets.UTF_8);
        String confused = TestTokens.sign(new MACSigner(publicBytes), new JWSHeader(JWSAlgorithm.HS256), claims(ISS, "paved", "alice", null).build());
        assertThat(refused(confused, rsaIssuer())).isEqualTo("token_algorithm_not_allowed");
    }

    @Test
    void jwtShapeIsThreeBase64UrlParts() {
        assertThat(TokenVerifier.looksLikeJwt(TestTokens.sign(RSA, claims(ISS, "paved", "a", null).build()))).isTrue();
        assertThat(TokenVerifier.looksLikeJwt(TestTokens.unsigned(claims(ISS, "paved", "a", null).build()))).isTrue();
        assertThat(TokenVerifier.looksLikeJwt("pk_live_abcdefghijklmnopqrstuvwxyz")).isFalse();
        assertThat(TokenVerifier.looksLikeJwt("a.b")).isFalse();
        assertThat(TokenVerifier.looksLikeJwt(null)).isFalse();
    }

    @Test
    void jwksIsFetchedCachedAndFetchedAgainForAnUnknownKid() {
        RSAKey first = TestTokens.rsa("k1");
        RSAKey second = TestTokens.rsa("k2");
        ECKey ecKey = TestTokens.ec("k3");
        try (TestTokens.JwksServer jwks = new TestTokens.JwksServer(new JWKSet(first.toPublicJWK()))) {
            JwtIssuer issuer = issuer("acme", ISS, "paved", new KeySource.Jwks(jwks.url(), Duration.ofMinutes(5)));
            assertThat(verify(TestTokens.sign(first, claims(ISS, "paved", "a", null).build()), issuer).user().subject()).isEqualTo("a");
            assertThat(verify(TestTokens.sign(first, claims(ISS, "paved", "b", null).build()), issuer)).isNotNull();
            assertThat(jwks.fetches()).as("one fetch, then the cache").isEqualTo(1);
            // The issuer rotates to k2 (and adds an EC key): a token with the new kid makes Paved fetch the set again.
            jwks.publish(new JWKSet(List.of(second.toPublicJWK(), ecKey.toPublicJWK())));
            assertThat(verify(TestTokens.sign(second, claims(ISS, "paved", "c", null).build()), issuer).user().subject()).isEqualTo("c");
            assertThat(verify(TestTokens.sign(ecKey, claims(ISS, "paved", "d", null).build()), issuer).user().subject()).isEqualTo("d");
            assertThat(jwks.fetches()).isEqualTo(2);
            // A kid the set does not have, after the refresh budget is spent, is an unknown key rather than an outage.
            assertThat(refused(TestTokens.sign(TestTokens.rsa("k9"), claims(ISS, "paved", "e", null).build()), issuer))
                    .isEqualTo("token_key_unknown");
        }
    }

    @Test
    void anUnreachableJwksIsAnOutageNotABadToken() {
        JwtIssuer issuer = issuer("acme", ISS, "paved", new KeySource.Jwks(java.net.URI.create("http://127.0.0.1:9/jwks.json"), Duration.ofMinutes(5)));
        PavedException e = assertThrows(PavedException.class, () -> verify(TestTokens.sign(RSA, claims(ISS, "paved", "a", null).build()), issuer));
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(e.code()).isEqualTo("token_keys_unavailable");
    }

    @Test
    void groupsComeFromAListOrASpaceSeparatedString() {
        JwtIssuer i = rsaIssuer();
        assertThat(ClaimMapping.groups(List.of("hr", "staff"), i)).containsExactly("hr", "staff");
        assertThat(ClaimMapping.groups("hr  staff ", i)).containsExactly("hr", "staff");
        assertThat(ClaimMapping.groups(null, i)).isEmpty();
        // Names that cannot be ACL groups are left out: that only narrows what the user sees.
        assertThat(ClaimMapping.groups(List.of("hr", "Domain Users"), i)).containsExactly("hr");
        assertThat(assertThrows(PavedException.class, () -> ClaimMapping.groups(42, i)).code()).isEqualTo("token_groups_invalid");
        assertThat(assertThrows(PavedException.class, () -> ClaimMapping.groups(List.of("hr", 7), i)).getMessage())
                .contains("'groups'").contains("a number");
        JwtIssuer strict = new JwtIssuer("acme", ISS, "paved", i.keys(), null, "roles", null, null, true, null);
        assertThat(assertThrows(PavedException.class, () -> ClaimMapping.groups(null, strict)).getMessage()).contains("'roles'", "missing");
    }

    @Test
    void claimNamesAreConfigurable() {
        JwtIssuer custom = new JwtIssuer("acme", ISS, "paved", rsaIssuer().keys(), "email", "roles", "app_feature", null, false, null);
        JWTClaimsSet c = new JWTClaimsSet.Builder(claims(ISS, "paved", "ignored", null).build()).claim("email", "dana@acme.example")
                .claim("roles", "finance staff").claim("app_feature", "payroll").build();
        EndUser u = ClaimMapping.map(c, custom);
        assertThat(u.subject()).isEqualTo("dana@acme.example");
        assertThat(u.groups()).isEqualTo(Set.of("finance", "staff"));
        assertThat(u.feature()).isEqualTo("payroll");
        JWTClaimsSet noSubject = new JWTClaimsSet.Builder(c).claim("email", 5).build();
        assertThat(assertThrows(PavedException.class, () -> ClaimMapping.map(noSubject, custom)).code()).isEqualTo("token_subject_missing");
        JWTClaimsSet badFeature = new JWTClaimsSet.Builder(c).claim("app_feature", "no spaces allowed").build();
        assertThat(assertThrows(PavedException.class, () -> ClaimMapping.map(badFeature, custom)).code()).isEqualTo("token_feature_invalid");
    }
}
