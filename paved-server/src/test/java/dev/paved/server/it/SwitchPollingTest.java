package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without Redis, replicas sharing a database still agree on kill switches: each polls the switches'
 * version. Also: switches cover embeddings, bad switch requests are clear 4xx, and metrics show switches.
 */
class SwitchPollingTest {
    private static GatewayFixture a;
    private static GatewayFixture b;

    @BeforeAll
    static void start() {
        a = new GatewayFixture(Tracing.off(), 1 << 20);
        b = new GatewayFixture(Tracing.off(), 1 << 20, new GatewayFixture.Extras("", null, a));
    }

    @AfterAll
    static void stop() {
        GatewayFixture.closeAll(a, b);
    }

    @Test
    void theGlobalSwitchStopsChatAndEmbeddingsOnTheOtherReplica() {
        String embed = "{\"model\":\"embed\",\"input\":\"hello\"}";
        assertThat(b.post("/v1/embeddings", b.key, "application/json", embed).statusCode()).isEqualTo(200);
        a.admin("PUT", "/admin/switches/global", "{\"reason\":\"provider outage\"}");
        assertThat(GatewayFixture.await(() -> b.post("/v1/embeddings", b.key, "application/json", embed).statusCode() == 503)).isTrue();
        HttpResponse<String> chat = b.chat(b.key, "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.statusCode()).isEqualTo(503);
        assertThat(chat.body()).contains("inference_disabled").contains("provider outage");
        HttpResponse<String> anthropic = b.messages(b.key, "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(anthropic.body()).contains("\"type\":\"error\"");
        assertThat(b.get("/metrics", null).body()).contains("paved_policy_inference_enabled 0.0");
        b.admin("DELETE", "/admin/switches/global", null);
        assertThat(GatewayFixture.await(() -> a.post("/v1/embeddings", a.key, "application/json", embed).statusCode() == 200)).isTrue();
    }

    @Test
    void modelSwitchStopsEveryAliasThatOnlyRoutesThere() {
        a.admin("PUT", "/admin/switches/model", "{\"target\":\"an/fake-claude\"}");
        String claude = "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(GatewayFixture.await(() -> b.chat(b.key, claude).statusCode() == 503)).isTrue();
        assertThat(b.chat(b.key, claude).body()).contains("model_disabled");
        assertThat(b.chat(b.key, "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
        JsonNode rows = a.admin("GET", "/admin/switches", null).path("data");
        assertThat(rows.toString()).contains("\"scope\":\"model\"").contains("an/fake-claude");
        a.admin("DELETE", "/admin/switches/model?target=an/fake-claude", null);
        assertThat(GatewayFixture.await(() -> b.chat(b.key, claude).statusCode() == 200)).isTrue();
    }

    @Test
    void badSwitchRequestsAreClearErrors() {
        assertThat(status("PUT", "/admin/switches/planet", "{\"target\":\"x\"}")).isEqualTo("404 unknown_switch_scope");
        assertThat(status("PUT", "/admin/switches/alias", "{\"target\":\"no-such\"}")).isEqualTo("404 alias_not_found");
        assertThat(status("PUT", "/admin/switches/tenant", "{\"target\":\"tn_missing\"}")).isEqualTo("404 tenant_not_found");
        assertThat(status("PUT", "/admin/switches/model", "{\"target\":\"oa/unknown\"}")).isEqualTo("404 model_not_found");
        assertThat(status("PUT", "/admin/switches/feature", "{}")).isEqualTo("400 invalid_value");
        assertThat(status("PUT", "/admin/switches/feature", "{\"target\":7}")).isEqualTo("400 invalid_value");
        assertThat(status("DELETE", "/admin/switches/alias?target=gpt", null)).isEqualTo("404 switch_not_found");
        HttpResponse<String> noKey = a.post("/admin/switches/global", null, "application/json", "{}");
        assertThat(noKey.statusCode()).isIn(401, 404, 405);
    }

    private static String status(String method, String path, String body) {
        try {
            a.admin(method, path, body);
            return "2xx";
        } catch (IllegalStateException e) {
            String m = e.getMessage();
            JsonNode err = dev.paved.gateway.wire.Json.parseOrNull(m.substring(m.indexOf('{')));
            return m.split(" ")[3] + " " + err.path("error").path("code").asText();
        }
    }
}
