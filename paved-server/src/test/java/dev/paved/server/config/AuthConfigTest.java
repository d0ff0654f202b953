package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.server.auth.jwt.JwtIssuer;
import dev.paved.server.auth.jwt.JwtSettings;
import dev.paved.server.auth.jwt.KeySource;
import dev.paved.server.auth.jwt.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthConfigTest {
    private static final String ALIASES = """
            providers:
              oa: {type: openai, base_url: "http://127.0.0.1:1/v1"}
            aliases:
              support-fast: {target: {provider: oa, model: m}}
            """;
    private static final String SECRET = TestTokens.hmacSecret();
    private static final String PEM;

    static {
        try {
            PEM = TestTokens.pem(TestTokens.ec("e").toPublicKey());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutTheSectionNoIssuerIsTrusted() {
        JwtSettings auth = parse("").auth();
        assertThat(auth.enabled()).isFalse();
        assertThat(auth.cacheEntries()).isEqualTo(JwtSettings.DEFAULT_CACHE_ENTRIES);
    }

    @Test
    void issuersWithEachKeySourceAndTheirClaimMapping() {
        JwtSettings auth = parse(ALIASES + """
                auth:
                  token_cache_entries: 500
                  issuers:
                    - tenant: acme
                      issuer: https://login.acme.example/
                      audience: paved
                      jwks_url: https://login.acme.example/.well-known/jwks.json
                      jwks_cache_ttl: 10m
                      groups_claim: roles
                      feature_claim: app_feature
                      clock_skew: 2m
                      token_only: {aliases: [support-fast], feature: support}
                    - tenant: tn_globex1
                      issuer: globex-idp
                      audience: paved-globex
                      public_key: "${GLOBEX_PEM}"
                      subject_claim: email
                      require_groups: true
                    - tenant: initech
                      issuer: initech-idp
                      audience: paved
                      hmac_secret: "${INITECH_SECRET}"
                """, Map.of("GLOBEX_PEM", PEM, "INITECH_SECRET", SECRET)).auth();
        assertThat(auth.cacheEntries()).isEqualTo(500);
        assertThat(auth.issuers()).hasSize(3);
        JwtIssuer acme = auth.issuers().get(0);
        assertThat(acme.keys()).isEqualTo(new KeySource.Jwks(java.net.URI.create("https://login.acme.example/.well-known/jwks.json"),
                Duration.ofMinutes(10)));
        assertThat(acme.subjectClaim()).isEqualTo("sub");
        assertThat(acme.groupsClaim()).isEqualTo("roles");
        assertThat(acme.featureClaim()).isEqualTo("app_feature");
        assertThat(acme.clockSkew()).isEqualTo(Duration.ofMinutes(2));
        assertThat(acme.tokenOnly()).isEqualTo(new JwtIssuer.TokenOnly(java.util.Set.of("support-fast"), "support"));
        JwtIssuer globex = auth.issuers().get(1);
        assertThat(globex.keys()).isInstanceOf(KeySource.PublicKeyPem.class);
        assertThat(globex.subjectClaim()).isEqualTo("email");
        assertThat(globex.requireGroups()).isTrue();
        assertThat(globex.clockSkew()).isEqualTo(JwtIssuer.DEFAULT_CLOCK_SKEW);
        assertThat(globex.tokenOnly()).isNull();
        assertThat(auth.issuers().get(2).keys()).isInstanceOf(KeySource.HmacSecret.class);
        assertThat(auth.issuers().get(2).keys().toString()).doesNotContain(SECRET);
        assertThat(auth.tokenOnly()).containsExactly(acme);
        assertThat(auth.of("tn_x", "acme")).containsExactly(acme);
        assertThat(auth.of("tn_globex1", null)).containsExactly(globex);
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        ConfigException e = failure(ALIASES + """
                auth:
                  issuers:
                    - tenant: Acme Corp
                      issuer: https://login.acme.example/
                      audience: paved
                      jwks_url: http://login.acme.example/jwks.json
                    - tenant: acme
                      issuer: a
                      audience: b
                    - tenant: acme
                      issuer: a
                      audience: b
                      jwks_url: https://a.example/jwks
                      public_key: "x"
                    - tenant: acme
                      issuer: c
                      audience: d
                      hmac_secret: inline-secret-is-not-allowed-here-0123456789
                      groups_clam: roles
                    - tenant: acme
                      audience: d
                      public_key: "-----BEGIN PUBLIC KEY-----\\nbm9wZQ==\\n-----END PUBLIC KEY-----"
                      token_only: {aliases: [support-slow], feature: "has space"}
                      clock_skew: 1h
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:7:15 auth.issuers[0].tenant: 'Acme Corp' is neither a tenant name (a-z, 0-9, '-', '_') nor a tenant id (tn_…)",
                "paved.yaml:10:17 auth.issuers[0].jwks_url: jwks_url must be an https:// URL (plain http:// only on 127.0.0.1 or localhost), "
                        + "such as https://login.example.com/.well-known/jwks.json",
                "paved.yaml:11:7 auth.issuers[1]: missing key source: set one of jwks_url (the issuer's JWKS), public_key (a PEM RSA or EC "
                        + "public key) or hmac_secret (\"${ENV_VAR}\" with a shared secret of 32+ bytes)",
                "paved.yaml:14:7 auth.issuers[2]: set only one key source, not jwks_url and public_key",
                "paved.yaml:22:20 auth.issuers[3].hmac_secret: write hmac_secret as an environment reference, \"${ACME_JWT_SECRET}\"; "
                        + "a shared secret does not belong in the file",
                "paved.yaml:23:7 auth.issuers[3].groups_clam: unknown key 'groups_clam'; valid keys: " + String.join(", ", AuthSection.ISSUER_KEYS)
                        + " (did you mean 'groups_claim'?)",
                "paved.yaml:24:7 auth.issuers[4].issuer: missing 'issuer': the exact 'iss' claim of the issuer's tokens",
                "paved.yaml:26:19 auth.issuers[4].public_key: public_key is neither an RSA nor an EC public key",
                "paved.yaml:27:30 auth.issuers[4].token_only.aliases[0]: unknown alias 'support-slow'; defined aliases: bge-small-en-v1.5, "
                        + "extractive, support-fast",
                "paved.yaml:27:54 auth.issuers[4].token_only.feature: feature must be 1-64 letters, digits, '.', '_', ':' or '-'",
                "paved.yaml:28:19 auth.issuers[4].clock_skew: clock_skew is at most 10m; fix the clocks rather than accept tokens that long expired");
    }

    @Test
    void oneIssuerAndAudienceBelongToOneTenant() {
        ConfigException e = failure(ALIASES + """
                auth:
                  issuers:
                    - {tenant: acme, issuer: shared-idp, audience: paved, jwks_url: "https://idp.example/jwks"}
                    - {tenant: globex, issuer: shared-idp, audience: paved, jwks_url: "https://idp.example/jwks"}
                """);
        assertThat(problemLines(e)).containsExactly("paved.yaml:8:7 auth.issuers[1]: issuer 'shared-idp' with audience 'paved' is already "
                + "trusted at auth.issuers[0]; an issuer and audience belong to one tenant only, so give each tenant its own audience");
        // The same issuer with another audience is another tenant's.
        assertThat(parse(ALIASES + """
                auth:
                  issuers:
                    - {tenant: acme, issuer: shared-idp, audience: paved-acme, jwks_url: "https://idp.example/jwks"}
                    - {tenant: globex, issuer: shared-idp, audience: paved-globex, jwks_url: "https://idp.example/jwks"}
                """).auth().issuers()).hasSize(2);
    }

    @Test
    void secretsAndKeysComeFromTheEnvironmentAndAreChecked() {
        ConfigException e = failure(ALIASES + """
                auth:
                  issuers:
                    - {tenant: acme, issuer: i, audience: a, hmac_secret: "${SHORT}"}
                    - {tenant: acme, issuer: j, audience: a, hmac_secret: "${UNSET_SECRET}"}
                    - {tenant: acme, issuer: k, audience: a, token_only: {feature: f}, jwks_url: "https://x.example/j"}
                """, Map.of("SHORT", "too-short"));
        List<String> lines = problemLines(e);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("paved.yaml:7:59 auth.issuers[0].hmac_secret: hmac_secret must be at least 32 bytes").doesNotContain("too-short");
        assertThat(lines.get(1)).contains("auth.issuers[1].hmac_secret: environment variable UNSET_SECRET is not set");
        assertThat(lines.get(2)).contains("auth.issuers[2].token_only.aliases: list the aliases a token alone may use");
    }
}
