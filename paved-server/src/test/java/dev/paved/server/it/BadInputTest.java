package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every kind of bad request gets the right 4xx in the API's own error format. */
@Timeout(120)
class BadInputTest {
    private static final String JSON = "application/json";
    private static final String CHAT = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 65_536);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static JsonNode openAiError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = Json.parseOrNull(r.body()).get("error");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isNotBlank();
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        return error;
    }

    @Test
    void malformedJsonIs400() {
        assertThat(openAiError(gw.post("/v1/chat/completions", gw.key, JSON, "{\"model\":"), 400).get("code").asText()).isEqualTo("invalid_json");
        openAiError(gw.post("/v1/chat/completions", gw.key, JSON, "[1,2]"), 400);
        openAiError(gw.post("/v1/chat/completions", gw.key, JSON, "{\"model\":\"gpt\",\"messages\":[]}"), 400);
        openAiError(gw.post("/v1/chat/completions", gw.key, JSON, "{\"model\":\"gpt\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400);
    }

    @Test
    void unknownAndForbiddenAliases() {
        assertThat(openAiError(gw.post("/v1/chat/completions", gw.key, JSON, CHAT.replace("gpt", "nope")), 404).get("code").asText()).isEqualTo("model_not_found");
        assertThat(openAiError(gw.post("/v1/chat/completions", gw.restrictedKey, JSON, CHAT.replace("gpt", "claude")), 403).get("code").asText())
                .isEqualTo("model_not_allowed");
    }

    @Test
    void missingWrongAndDisabledKeysAre401() {
        assertThat(openAiError(gw.post("/v1/chat/completions", null, JSON, CHAT), 401).get("code").asText()).isEqualTo("missing_api_key");
        openAiError(gw.post("/v1/chat/completions", "pk_nope_nope", JSON, CHAT), 401);
        String tenant = gw.admin("POST", "/admin/tenants", "{\"name\":\"doomed-" + System.nanoTime() % 100000 + "\"}").get("id").asText();
        JsonNode k1 = gw.admin("POST", "/admin/tenants/" + tenant + "/keys", "{\"name\":\"a\"}");
        JsonNode k2 = gw.admin("POST", "/admin/tenants/" + tenant + "/keys", "{\"name\":\"b\"}");
        assertThat(gw.post("/v1/chat/completions", k1.get("key").asText(), JSON, CHAT).statusCode()).isEqualTo(200);
        gw.admin("POST", "/admin/keys/" + k1.get("id").asText() + "/disable", "{}");
        openAiError(gw.post("/v1/chat/completions", k1.get("key").asText(), JSON, CHAT), 401);
        assertThat(gw.post("/v1/chat/completions", k2.get("key").asText(), JSON, CHAT).statusCode()).isEqualTo(200);
        gw.admin("POST", "/admin/tenants/" + tenant + "/disable", "{}");
        openAiError(gw.post("/v1/chat/completions", k2.get("key").asText(), JSON, CHAT), 401);
    }

    @Test
    void oversizedBodyIs413AndWrongContentTypeIs415() {
        String big = CHAT.replace("hi", "x".repeat(70_000));
        openAiError(gw.post("/v1/chat/completions", gw.key, JSON, big), 413);
        openAiError(gw.post("/v1/chat/completions", gw.key, "text/plain", CHAT), 415);
        openAiError(gw.post("/v1/chat/completions", gw.key, "application/x-www-form-urlencoded", "a=b"), 415);
    }

    @Test
    void anthropicEndpointErrorsUseAnthropicFormat() {
        String msg = "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> noVersion = gw.post("/v1/messages", gw.key, JSON, msg);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        JsonNode body = Json.parseOrNull(noVersion.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo("invalid_request_error");
        HttpResponse<String> noMax = gw.post("/v1/messages", gw.key, JSON, msg.replace("\"max_tokens\":10,", ""), "anthropic-version", "2023-06-01");
        assertThat(noMax.statusCode()).isEqualTo(400);
        assertThat(Json.parseOrNull(noMax.body()).get("type").asText()).isEqualTo("error");
        HttpResponse<String> badKey = gw.post("/v1/messages", "pk_wrong", JSON, msg, "anthropic-version", "2023-06-01");
        assertThat(badKey.statusCode()).isEqualTo(401);
        assertThat(Json.parseOrNull(badKey.body()).get("error").get("type").asText()).isEqualTo("authentication_error");
        assertThat(gw.post("/v1/messages", gw.key, JSON, msg, "anthropic-version", "2023-06-01").statusCode()).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesRequestIdAndContinuesTheCallersTrace() {
        String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> r = gw.post("/v1/chat/completions", gw.key, JSON, CHAT, "traceparent", parent, "x-request-id", "my-req-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-request-id")).hasValue("my-req-1");
        assertThat(r.headers().firstValue("traceparent").orElseThrow()).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                .isNotEqualTo(parent);
        HttpResponse<String> fresh = gw.post("/v1/chat/completions", null, JSON, CHAT);
        assertThat(fresh.headers().firstValue("traceparent").orElseThrow()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(gw.get("/health", null).statusCode()).isEqualTo(200);
        assertThat(gw.get("/ready", null).statusCode()).isEqualTo(200);
        openAiError(gw.get("/v1/nothing-here", gw.key), 404);
    }
}
