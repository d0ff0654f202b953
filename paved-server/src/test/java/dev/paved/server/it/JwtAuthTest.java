package dev.paved.server.it;

import static dev.paved.server.auth.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.paved.gateway.wire.Json;
import dev.paved.server.auth.jwt.TestTokens;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-user JWTs against the real server: a user token next to an API key (its groups decide what RAG retrieves), a token
 * as the only credential, refusals in each API's error format, no crossing between tenants, the principal on the ledger,
 * and sessions that belong to their user.
 */
class JwtAuthTest {
    private static final String IDP_A = "https://idp.a.example/";
    private static final String PORTAL_A = "https://portal.a.example/";
    private static final String IDP_B = "https://idp.b.example/";
    private static final RSAKey RSA = TestTokens.rsa("a-1");
    private static final ECKey PORTAL = TestTokens.ec("portal-1");
    private static TestTokens.JwksServer jwks;
    private static GatewayFixture gw;
    private static GatewayFixture.TenantKey a;
    private static GatewayFixture.TenantKey b;

    @BeforeAll
    static void start() throws Exception {
        jwks = new TestTokens.JwksServer(new JWKSet(RSA.toPublicJWK()));
        String pem = TestTokens.pem(PORTAL.toPublicKey()).strip().indent(8);
        gw = new GatewayFixture(Tracing.off(), 8L << 20, new GatewayFixture.Extras("""
                auth:
                  issuers:
                    - {tenant: jwt-a, issuer: "%s", audience: paved, jwks_url: "%s"}
                    - tenant: jwt-a
                      issuer: "%s"
                      audience: paved-portal
                      public_key: |
                %s
                      token_only: {aliases: [gpt, extractive], feature: portal}
                    - {tenant: jwt-b, issuer: "%s", audience: paved-b, jwks_url: "%s"}
                rag:
                  defaults: {rewrite: {low_confidence: false}}
                """.formatted(IDP_A, jwks.url(), PORTAL_A, pem.stripTrailing(), IDP_B, jwks.url()), null, null));
        a = gw.newNamedTenant("jwt-a", "{\"name\":\"backend\"}");
        b = gw.newNamedTenant("jwt-b", "{\"name\":\"backend\"}");
        ingest(a.key(), "hr", "{\"documents\":[{\"document_id\":\"bands\",\"acl_groups\":[\"hr\"],\"text\":\"Salary band four pays 70000 euros.\"},"
                + "{\"document_id\":\"holidays\",\"text\":\"Everyone gets 30 holidays per year.\"}]}");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    private static String user(String sub, List<String> groups) {
        return TestTokens.sign(RSA, claims(IDP_A, "paved", sub, groups).build());
    }

    private static String portal(String sub, List<String> groups) {
        return TestTokens.sign(PORTAL, claims(PORTAL_A, "paved-portal", sub, groups).build());
    }

    private static void ingest(String key, String kb, String json) {
        HttpResponse<String> r = gw.post("/v1/kb/" + kb + "/documents", key, "application/json", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String job = json(r).path("id").asText();
        assertThat(GatewayFixture.await(() -> json(gw.get("/v1/kb/" + kb + "/jobs/" + job, key)).path("status").asText().equals("succeeded")))
                .isTrue();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.parseOrNull(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> rag(String credential, String body, String... headers) {
        return gw.post("/v1/chat", credential, "application/json", body, headers);
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static String code(HttpResponse<String> r) {
        return json(r).path("error").path("code").asText();
    }

    private static final String SALARY = "{\"query\":\"What does salary band four pay?\",\"kb\":\"hr\",\"options\":{\"cache\":false}}";

    @Test
    void theUserTokensGroupsDecideWhatRetrievalSees() {
        assertThat(ok(rag(a.key(), SALARY)).toString()).doesNotContain("70000");
        HttpResponse<String> asAlice = rag(a.key(), SALARY, "x-paved-user-token", user("alice", List.of("hr", "staff")));
        JsonNode alice = ok(asAlice);
        assertThat(alice.path("answer").asText()).contains("70000");
        assertThat(alice.path("citations").get(0).path("document_id").asText()).isEqualTo("bands");
        assertThat(ok(rag(a.key(), SALARY, "x-paved-user-token", user("bob", List.of("staff")))).toString()).doesNotContain("70000");
        // The space-separated form of the claim works too.
        String spaced = TestTokens.sign(RSA, new com.nimbusds.jwt.JWTClaimsSet.Builder(claims(IDP_A, "paved", "carol", null).build())
                .claim("groups", "staff hr").build());
        assertThat(ok(rag(a.key(), SALARY, "x-paved-user-token", spaced)).path("answer").asText()).contains("70000");
        // The body may narrow the token's groups, never widen them.
        assertThat(ok(rag(a.key(), SALARY.replace("\"kb\"", "\"acl_groups\":[\"staff\"],\"kb\""), "x-paved-user-token",
                user("alice", List.of("hr", "staff")))).toString()).doesNotContain("70000");
        HttpResponse<String> widened = rag(a.key(), SALARY.replace("\"kb\"", "\"acl_groups\":[\"hr\"],\"kb\""), "x-paved-user-token",
                user("bob", List.of("staff")));
        assertThat(widened.statusCode()).isEqualTo(403);
        assertThat(code(widened)).isEqualTo("acl_groups_not_allowed");
        assertThat(json(widened).path("error").path("message").asText()).contains("user token");
        // Knowledge search follows the same rule: with a token, the body cannot add 'hr'.
        HttpResponse<String> search = gw.post("/v1/kb/hr/search", a.key(), "application/json",
                "{\"query\":\"salary band\",\"acl_groups\":[\"hr\"]}", "x-paved-user-token", user("bob", List.of("staff")));
        assertThat(search.statusCode()).isEqualTo(403);
        // The principal is on the ledger row of the generation.
        String requestId = asAlice.headers().firstValue("x-request-id").orElseThrow();
        JsonNode row = gw.ledgerRow(a.tenantId(), requestId);
        assertThat(row).isNotNull();
        assertThat(row.path("principal_id").asText()).isEqualTo("alice");
        assertThat(row.path("key_id").asText()).isEqualTo(a.keyId());
    }

    @Test
    void aTokenFromAnotherTenantsIssuerIsRefused() {
        String bobOfB = TestTokens.sign(RSA, claims(IDP_B, "paved-b", "bob", List.of("hr")).build());
        HttpResponse<String> crossed = rag(a.key(), SALARY, "x-paved-user-token", bobOfB);
        assertThat(crossed.statusCode()).isEqualTo(401);
        assertThat(code(crossed)).isEqualTo("token_issuer_not_trusted");
        assertThat(crossed.body()).doesNotContain(bobOfB).doesNotContain("jwt-b");
        // The same token with its own tenant's key works (and sees nothing of tenant A).
        HttpResponse<String> own = rag(b.key(), "{\"query\":\"q\",\"kb\":\"hr\"}", "x-paved-user-token", bobOfB);
        assertThat(own.statusCode()).isEqualTo(404);
        // A's issuer with B's key is refused the same way.
        HttpResponse<String> reverse = rag(b.key(), SALARY, "x-paved-user-token", user("alice", List.of("hr")));
        assertThat(code(reverse)).isEqualTo("token_issuer_not_trusted");
    }

    @Test
    void refusalsAre401sInEachApisOwnFormat() {
        Instant past = Instant.now().minusSeconds(3600);
        String expired = TestTokens.sign(RSA, claims(IDP_A, "paved", "alice", null).expirationTime(Date.from(past)).build());
        String early = TestTokens.sign(RSA, claims(IDP_A, "paved", "alice", null).notBeforeTime(Date.from(Instant.now().plusSeconds(3600))).build());
        String audience = TestTokens.sign(RSA, claims(IDP_A, "other-app", "alice", null).build());
        String stranger = TestTokens.sign(RSA, claims("https://evil.example/", "paved", "alice", null).build());
        String forged = TestTokens.sign(TestTokens.rsa("a-1"), claims(IDP_A, "paved", "alice", List.of("hr")).build());
        String unsigned = TestTokens.unsigned(claims(IDP_A, "paved", "alice", List.of("hr")).build());
        String chat = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        record Case(String token, String code) {
        }
        for (Case c : List.of(new Case(expired, "token_expired"), new Case(early, "token_not_yet_valid"), new Case(audience, "token_audience_mismatch"),
                new Case(stranger, "token_issuer_not_trusted"), new Case(forged, "token_signature_invalid"), new Case(unsigned, "token_unsigned"),
                new Case("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", "token_malformed"))) {
            HttpResponse<String> r = gw.chat(a.key(), chat, "x-paved-user-token", c.token());
            assertThat(r.statusCode()).as(c.code()).isEqualTo(401);
            JsonNode error = json(r).path("error");
            assertThat(error.path("code").asText()).isEqualTo(c.code());
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(r.body()).doesNotContain(c.token());
        }
        HttpResponse<String> messages = gw.messages(a.key(), "{\"model\":\"claude\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-paved-user-token", expired);
        assertThat(messages.statusCode()).isEqualTo(401);
        assertThat(json(messages).path("type").asText()).isEqualTo("error");
        assertThat(json(messages).path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(json(messages).path("error").path("message").asText()).contains("expired");
        // The user token alone in its header is not a credential.
        HttpResponse<String> headerOnly = gw.chat(null, chat, "x-paved-user-token", user("alice", null));
        assertThat(headerOnly.statusCode()).isEqualTo(401);
        assertThat(code(headerOnly)).isEqualTo("missing_api_key");
    }

    @Test
    void gatewayCallsCarryThePrincipalToTheLedger() {
        HttpResponse<String> chat = gw.chat(a.key(), "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-paved-user-token", user("dave", List.of("staff")));
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        HttpResponse<String> emb = gw.post("/v1/embeddings", a.key(), "application/json", "{\"model\":\"embed\",\"input\":\"hello\"}",
                "x-paved-user-token", user("erin", null));
        assertThat(emb.statusCode()).as(emb.body()).isEqualTo(200);
        HttpResponse<String> msg = gw.messages(a.key(), "{\"model\":\"claude\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-paved-user-token", user("frank", null));
        assertThat(msg.statusCode()).as(msg.body()).isEqualTo(200);
        assertThat(gw.ledgerRow(a.tenantId(), chat.headers().firstValue("x-request-id").orElseThrow()).path("principal_id").asText()).isEqualTo("dave");
        assertThat(gw.ledgerRow(a.tenantId(), emb.headers().firstValue("x-request-id").orElseThrow()).path("principal_id").asText()).isEqualTo("erin");
        assertThat(gw.ledgerRow(a.tenantId(), msg.headers().firstValue("x-request-id").orElseThrow()).path("principal_id").asText()).isEqualTo("frank");
        HttpResponse<String> keyOnly = gw.chat(a.key(), "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(gw.ledgerRow(a.tenantId(), keyOnly.headers().firstValue("x-request-id").orElseThrow()).path("principal_id").isNull()).isTrue();
    }

    @Test
    void aTokenAloneActsWithinItsIssuersSettings() {
        String token = portal("gina", List.of("hr"));
        HttpResponse<String> answer = rag(token, SALARY);
        assertThat(ok(answer).path("answer").asText()).contains("70000");
        JsonNode row = gw.ledgerRow(a.tenantId(), answer.headers().firstValue("x-request-id").orElseThrow());
        assertThat(row.path("principal_id").asText()).isEqualTo("gina");
        assertThat(row.path("key_id").asText()).isEqualTo("jwt:" + PORTAL_A);
        assertThat(row.path("feature_id").asText()).isEqualTo("portal");
        assertThat(row.path("tenant_id").asText()).isEqualTo(a.tenantId());
        assertThat(ok(rag(portal("hank", List.of("staff")), SALARY)).toString()).doesNotContain("70000");
        // Aliases are the issuer's token_only list.
        assertThat(gw.chat(token, "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
        HttpResponse<String> claude = gw.chat(token, "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(claude.statusCode()).isEqualTo(403);
        // The feature is the issuer's (or the token's), not a header's.
        HttpResponse<String> otherFeature = rag(token, SALARY, "x-feature-id", "support");
        assertThat(otherFeature.statusCode()).isEqualTo(403);
        assertThat(code(otherFeature)).isEqualTo("feature_not_allowed");
        // A token alone cannot change knowledge bases.
        HttpResponse<String> write = gw.post("/v1/kb/hr/documents", token, "application/json", "{\"documents\":[{\"text\":\"x\"}]}");
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(code(write)).isEqualTo("token_not_allowed");
        // An issuer without token_only needs an API key; a token is sent once, not twice.
        HttpResponse<String> idpAlone = rag(user("alice", List.of("hr")), SALARY);
        assertThat(idpAlone.statusCode()).isEqualTo(401);
        assertThat(code(idpAlone)).isEqualTo("token_issuer_not_trusted");
        HttpResponse<String> twice = rag(token, SALARY, "x-paved-user-token", token);
        assertThat(code(twice)).isEqualTo("token_sent_twice");
        // On /v1/messages the token may arrive as x-api-key, as the Anthropic SDK sends it.
        HttpResponse<String> anthropic = gw.post("/v1/messages", null, "application/json",
                "{\"model\":\"gpt\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "anthropic-version", "2023-06-01", "x-api-key", token);
        assertThat(anthropic.statusCode()).as(anthropic.body()).isEqualTo(200);
    }

    @Test
    void sessionsBelongToTheirUser() {
        String alice = user("alice-s", List.of("hr"));
        String bob = user("bob-s", List.of("hr"));
        String first = "{\"query\":\"What does salary band four pay?\",\"kb\":\"hr\",\"session_id\":\"shared-1\"}";
        ok(rag(a.key(), first, "x-paved-user-token", alice));
        assertThat(GatewayFixture.await(() -> owners("shared-1").size() == 1)).isTrue();
        String followUp = "{\"query\":\"And what about it?\",\"kb\":\"hr\",\"session_id\":\"shared-1\",\"options\":{\"debug\":true}}";
        JsonNode asBob = ok(rag(a.key(), followUp, "x-paved-user-token", bob));
        assertThat(RagServiceTest.decision(asBob, "rag.rewrite")).isEqualTo("skipped:no_history");
        JsonNode asAlice = ok(rag(a.key(), followUp, "x-paved-user-token", alice));
        assertThat(RagServiceTest.decision(asAlice, "rag.rewrite")).startsWith("ran:");
        assertThat(GatewayFixture.await(() -> owners("shared-1").size() == 2)).isTrue();
        assertThat(owners("shared-1")).containsExactlyInAnyOrder(IDP_A + " alice-s", IDP_A + " bob-s");
        // The key alone has its own sessions, as before.
        JsonNode keyOnly = ok(rag(a.key(), followUp));
        assertThat(RagServiceTest.decision(keyOnly, "rag.rewrite")).isEqualTo("skipped:no_history");
    }

    private static List<String> owners(String sessionId) {
        return gw.server.database().inTenantScope(a.tenantId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("select owner from rag_sessions where tenant_id = ? and session_id = ?")) {
                ps.setString(1, a.tenantId());
                ps.setString(2, sessionId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
