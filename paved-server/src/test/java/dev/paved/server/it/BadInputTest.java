package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every kind of bad request gets the right 4xx in the API's own error format, with request id and trace context. */
@Timeout(60)
class BadInputTest {
    private static final String JSON = "application/json";
    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";
    private static final String CHAT = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MSG = "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 65_536);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static void assertEdgeHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("x-request-id")).as("x-request-id").hasValueSatisfying(id -> assertThat(id).isNotBlank());
        assertThat(r.headers().firstValue("traceparent")).as("traceparent").hasValueSatisfying(tp -> assertThat(tp).matches(TRACEPARENT));
        assertThat(r.headers().firstValue("traceparent").orElseThrow()).doesNotContain("00000000000000000000000000000000");
    }

    /** Asserts an OpenAI-style error body {@code {"error":{"message","type","param","code"}}} and returns the error. */
    private static JsonNode openAiError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertEdgeHeaders(r);
        JsonNode body = Json.parseOrNull(r.body());
        assertThat(body).as(r.body()).isNotNull();
        JsonNode error = body.get("error");
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.has("code")).isTrue();
        assertThat(error.has("param")).isTrue();
        return error;
    }

    /** Asserts an Anthropic-style error body {@code {"type":"error","error":{"type","message"}}}. */
    private static void anthropicError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertEdgeHeaders(r);
        JsonNode body = Json.parseOrNull(r.body());
        assertThat(body).as(r.body()).isNotNull();
        assertThat(body.get("type").asText()).as(r.body()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).as(r.body()).isEqualTo(type);
        assertThat(body.get("error").get("message").asText()).isNotBlank();
    }

    @Test
    void malformedAndInvalidBodiesAre400() {
        assertThat(openAiError(gw.chat(gw.key, "{\"model\":"), 400, "invalid_request_error").get("code").asText()).isEqualTo("invalid_json");
        openAiError(gw.chat(gw.key, "[1,2]"), 400, "invalid_request_error");
        openAiError(gw.chat(gw.key, ""), 400, "invalid_request_error");
        openAiError(gw.chat(gw.key, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "invalid_request_error");
        openAiError(gw.chat(gw.key, "{\"model\":\"gpt\",\"messages\":[]}"), 400, "invalid_request_error");
        openAiError(gw.chat(gw.key, "{\"model\":\"gpt\",\"messages\":\"hi\"}"), 400, "invalid_request_error");
        JsonNode n2 = openAiError(gw.chat(gw.key, CHAT.replace("{\"model\"", "{\"n\":2,\"model\"")), 400, "invalid_request_error");
        assertThat(n2.get("param").asText()).isEqualTo("n");
        assertThat(gw.chat(gw.key, CHAT.replace("{\"model\"", "{\"n\":1,\"model\"")).statusCode()).isEqualTo(200);
        openAiError(gw.post("/v1/embeddings", gw.key, JSON, "{\"model\":\"bge-small-en-v1.5\"}"), 400, "invalid_request_error");
    }

    @Test
    void unknownAndForbiddenAliases() {
        JsonNode notFound = openAiError(gw.chat(gw.key, CHAT.replace("gpt", "nope")), 404, "not_found_error");
        assertThat(notFound.get("code").asText()).isEqualTo("model_not_found");
        JsonNode forbidden = openAiError(gw.chat(gw.restrictedKey, CHAT.replace("gpt", "secret-model")), 403, "permission_error");
        assertThat(forbidden.get("code").asText()).isEqualTo("model_not_allowed");
        assertThat(gw.chat(gw.restrictedKey, CHAT).statusCode()).isEqualTo(200);
        // An embedding alias is not a chat model, and the restricted key may not use it either.
        assertThat(gw.chat(gw.key, CHAT.replace("gpt", "bge-small-en-v1.5")).statusCode()).isBetween(400, 404);
        openAiError(gw.post("/v1/embeddings", gw.restrictedKey, JSON, "{\"model\":\"embed\",\"input\":\"x\"}"), 403, "permission_error");
    }

    @Test
    void missingWrongAndDisabledKeysAre401() {
        assertThat(openAiError(gw.chat(null, CHAT), 401, "authentication_error").get("code").asText()).isEqualTo("missing_api_key");
        openAiError(gw.chat("pk_nope_nope", CHAT), 401, "authentication_error");
        openAiError(gw.get("/v1/models", null), 401, "authentication_error");
        openAiError(gw.post("/v1/chat/completions", null, JSON, CHAT, "authorization", "Basic dXNlcjpwYXNz"), 401, "authentication_error");

        GatewayFixture.TenantKey k1 = gw.newTenant("doomed", "{\"name\":\"a\"}");
        JsonNode k2 = gw.admin("POST", "/admin/tenants/" + k1.tenantId() + "/keys", "{\"name\":\"b\"}");
        String key2 = k2.get("key").asText();
        assertThat(gw.chat(k1.key(), CHAT).statusCode()).isEqualTo(200);
        gw.admin("POST", "/admin/keys/" + k1.keyId() + "/disable", "{}");
        openAiError(gw.chat(k1.key(), CHAT), 401, "authentication_error");
        anthropicError(gw.messages(k1.key(), MSG), 401, "authentication_error");
        // The tenant's other key still works until the tenant itself is disabled.
        assertThat(gw.chat(key2, CHAT).statusCode()).isEqualTo(200);
        gw.admin("POST", "/admin/tenants/" + k1.tenantId() + "/disable", "{}");
        openAiError(gw.chat(key2, CHAT), 401, "authentication_error");
        openAiError(gw.get("/v1/models", key2), 401, "authentication_error");
        // Other tenants are unaffected.
        assertThat(gw.chat(gw.key, CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIs413AndWrongContentTypeIs415() {
        String big = CHAT.replace("hi", "x".repeat(70_000));
        openAiError(gw.chat(gw.key, big), 413, "invalid_request_error");
        // Rejected while reading the body, yet still in the caller's trace and under the caller's request id.
        String parent = "00-11112222333344445555666677778888-1111222233334444-01";
        HttpResponse<String> traced = gw.chat(gw.key, big, "traceparent", parent, "x-request-id", "big-1");
        openAiError(traced, 413, "invalid_request_error");
        assertThat(traced.headers().firstValue("x-request-id")).hasValue("big-1");
        assertThat(traced.headers().firstValue("traceparent").orElseThrow()).startsWith("00-11112222333344445555666677778888-");
        String justUnder = CHAT.replace("hi", "x".repeat(60_000));
        assertThat(gw.chat(gw.key, justUnder).statusCode()).isEqualTo(200);
        openAiError(gw.post("/v1/chat/completions", gw.key, "text/plain", CHAT), 415, "invalid_request_error");
        openAiError(gw.post("/v1/chat/completions", gw.key, "application/x-www-form-urlencoded", "a=b"), 415, "invalid_request_error");
        openAiError(gw.post("/v1/chat/completions", gw.key, null, CHAT), 415, "invalid_request_error");
        assertThat(gw.post("/v1/chat/completions", gw.key, "application/json; charset=utf-8", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void messagesEndpointErrorsUseAnthropicFormat() {
        anthropicError(gw.post("/v1/messages", gw.key, JSON, MSG), 400, "invalid_request_error");
        anthropicError(gw.messages(gw.key, MSG.replace("\"max_tokens\":10,", "")), 400, "invalid_request_error");
        anthropicError(gw.messages(gw.key, "{\"model\":"), 400, "invalid_request_error");
        anthropicError(gw.messages("pk_wrong", MSG), 401, "authentication_error");
        anthropicError(gw.messages(null, MSG), 401, "authentication_error");
        anthropicError(gw.messages(null, MSG, "x-api-key", "pk_wrong"), 401, "authentication_error");
        anthropicError(gw.messages(gw.key, MSG.replace("claude", "nope")), 404, "not_found_error");
        anthropicError(gw.messages(gw.restrictedKey, MSG), 403, "permission_error");
        anthropicError(gw.messages(gw.key, MSG.replace("hi", "x".repeat(70_000))), 413, "request_too_large");
        anthropicError(gw.post("/v1/messages", gw.key, "text/plain", MSG, "anthropic-version", "2023-06-01"), 415, "invalid_request_error");
        // The SDK's own auth header works, as does the bearer form.
        assertThat(gw.messages(null, MSG, "x-api-key", gw.key).statusCode()).isEqualTo(200);
        assertThat(gw.messages(gw.key, MSG).statusCode()).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesRequestIdAndContinuesTheCallersTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parent = "00-" + traceId + "-00f067aa0ba902b7-01";
        HttpResponse<String> r = gw.chat(gw.key, CHAT, "traceparent", parent, "x-request-id", "my-req-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-request-id")).hasValue("my-req-1");
        String tp = r.headers().firstValue("traceparent").orElseThrow();
        assertThat(tp).matches("00-" + traceId + "-[0-9a-f]{16}-01").isNotEqualTo(parent);
        // The provider sees the same trace, with the gateway's span as parent.
        var upstream = gw.fake.recentRequests().stream().filter(q -> parent.equals(q.header("traceparent")) || (q.header("traceparent") != null
                && q.header("traceparent").contains(traceId))).findFirst().orElseThrow();
        assertThat(upstream.header("traceparent")).isEqualTo(tp);

        // Errors continue the trace too, on both APIs.
        HttpResponse<String> err = gw.chat(null, CHAT, "traceparent", parent);
        assertThat(err.statusCode()).isEqualTo(401);
        assertThat(err.headers().firstValue("traceparent").orElseThrow()).startsWith("00-" + traceId + "-");
        HttpResponse<String> anthropicErr = gw.post("/v1/messages", gw.key, JSON, MSG, "traceparent", parent);
        assertThat(anthropicErr.statusCode()).isEqualTo(400);
        assertThat(anthropicErr.headers().firstValue("traceparent").orElseThrow()).startsWith("00-" + traceId + "-");

        // A malformed traceparent starts a fresh trace; an unusable request id is replaced.
        HttpResponse<String> bad = gw.chat(gw.key, CHAT, "traceparent", "00-zz-yy-01", "x-request-id", "bad id with spaces\t");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertEdgeHeaders(bad);
        assertThat(bad.headers().firstValue("x-request-id").orElseThrow()).isNotEqualTo("bad id with spaces\t").doesNotContain(" ");
        assertThat(gw.chat(gw.key, CHAT, "x-request-id", "r".repeat(500)).headers().firstValue("x-request-id").orElseThrow()).hasSizeLessThan(500);

        // Without a caller id every response gets its own id and trace, including 4xx and ops endpoints.
        Set<String> ids = new HashSet<>();
        Set<String> traces = new HashSet<>();
        for (HttpResponse<String> x : new HttpResponse[] {gw.chat(gw.key, CHAT), gw.chat(null, CHAT), gw.chat(gw.key, "{"),
                gw.chat(gw.key, CHAT.replace("gpt", "nope")), gw.get("/v1/models", gw.key), gw.get("/v1/nothing-here", gw.key),
                gw.messages(gw.key, MSG)}) {
            assertEdgeHeaders(x);
            ids.add(x.headers().firstValue("x-request-id").orElseThrow());
            traces.add(x.headers().firstValue("traceparent").orElseThrow().substring(3, 35));
        }
        assertThat(ids).hasSize(7);
        assertThat(traces).hasSize(7);
        openAiError(gw.get("/v1/nothing-here", gw.key), 404, "not_found_error");
    }
}
