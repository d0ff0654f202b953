package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the caller sees when the provider fails, in the caller's own format whatever the provider speaks.
 * Each fault alias's provider sends a fixed {@code x-fake-fault} (see {@link GatewayFixture}).
 */
@Timeout(60)
class UpstreamFaultTest {
    private static GatewayFixture gw;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20);
        openAi = OpenAIOkHttpClient.builder().baseUrl(gw.base + "/v1").apiKey(gw.key).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gw.base).apiKey(gw.key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (openAi != null) {
            openAi.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    /** Calls {@code alias} through the OpenAI ("openai") or Anthropic ("anthropic") API. */
    private static HttpResponse<String> call(String api, String alias, boolean stream) {
        String body = "{\"model\":\"" + alias + "\"," + (stream ? "\"stream\":true," : "")
                + "\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
        return api.equals("openai") ? gw.chat(gw.key, body) : gw.messages(gw.key, body);
    }

    /** A JSON error body in the caller's format; returns {type, code-or-null}. */
    private static String[] jsonError(String api, HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).as("not a stream").startsWith("application/json");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = Json.parseOrNull(r.body());
        assertThat(body).as(r.body()).isNotNull();
        JsonNode error = body.get("error");
        assertThat(error.get("message").asText()).isNotBlank();
        // The provider's credentials and address are the platform's business, never shown to the caller.
        assertThat(r.body()).doesNotContain("sk-upstream", "sk-ant-upstream", "127.0.0.1:" + gw.fake.port());
        if (api.equals("anthropic")) {
            assertThat(body.get("type").asText()).isEqualTo("error");
            return new String[] {error.get("type").asText(), null};
        }
        assertThat(body.has("type")).isFalse();
        return new String[] {error.get("type").asText(), error.path("code").asText(null)};
    }

    @ParameterizedTest(name = "{0} API -> {1}, stream={2}")
    @CsvSource({"openai,broken-gpt,false", "openai,broken-claude,false", "openai,broken-gpt,true", "openai,broken-claude,true",
            "anthropic,broken-gpt,false", "anthropic,broken-claude,false", "anthropic,broken-claude,true", "anthropic,broken-gpt,true"})
    void unavailableProviderIs503(String api, String alias, boolean stream) {
        String[] e = jsonError(api, call(api, alias, stream), 503);
        if (api.equals("openai")) {
            assertThat(e[0]).isEqualTo("api_error");
            assertThat(e[1]).isEqualTo("upstream_unavailable");
        } else {
            assertThat(e[0]).isEqualTo("overloaded_error");
        }
    }

    @ParameterizedTest(name = "{0} API -> {1}, stream={2}")
    @CsvSource({"openai,busy-gpt,false", "openai,busy-claude,false", "openai,busy-gpt,true",
            "anthropic,busy-claude,false", "anthropic,busy-gpt,false", "anthropic,busy-claude,true"})
    void rateLimitedProviderIs429WithRetryAfter(String api, String alias, boolean stream) {
        HttpResponse<String> r = call(api, alias, stream);
        String[] e = jsonError(api, r, 429);
        assertThat(e[0]).isEqualTo("rate_limit_error");
        if (api.equals("openai")) {
            assertThat(e[1]).isEqualTo("upstream_rate_limited");
        }
        assertThat(r.headers().firstValue("retry-after")).hasValue("2");
    }

    @Test
    void sdkSeesRateLimitWithRetryAfter() {
        assertThatThrownBy(() -> openAi.chat().completions().create(ChatCompletionCreateParams.builder().model("busy-claude")
                .addUserMessage("x").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("2");
                });
    }

    @ParameterizedTest(name = "{0} API -> {1}")
    @CsvSource({"openai,garbled-gpt", "anthropic,garbled-gpt"})
    void malformedProviderAnswerIs502(String api, String alias) {
        String[] e = jsonError(api, call(api, alias, false), 502);
        assertThat(e[0]).isEqualTo("api_error");
        if (api.equals("openai")) {
            assertThat(e[1]).isEqualTo("upstream_malformed");
        }
        JsonNode row = lastRowFor(alias, api.equals("openai") ? "openai.chat" : "anthropic.messages");
        assertThat(row.get("status").asInt()).isEqualTo(502);
        assertThat(row.get("error_code").asText()).isEqualTo("upstream_malformed");
    }

    @ParameterizedTest(name = "{0} API -> {1}")
    @CsvSource({"openai,garbled-gpt", "anthropic,garbled-gpt"})
    void malformedStreamEndsInAnErrorNotASilentSuccess(String api, String alias) {
        HttpResponse<String> r = call(api, alias, true);
        if (r.statusCode() == 200) {
            List<GatewayFixture.Sse> events = GatewayFixture.sse(r.body());
            assertThat(r.body()).as(r.body()).contains("error");
            if (api.equals("anthropic")) {
                assertThat(events).extracting(GatewayFixture.Sse::event).as(r.body()).contains("error").doesNotContain("message_stop");
            }
        } else {
            jsonError(api, r, 502);
        }
        JsonNode row = lastRowFor(alias, api.equals("openai") ? "openai.chat" : "anthropic.messages", true);
        assertThat(row.get("status").asInt()).as(row.toString()).isGreaterThanOrEqualTo(500);
        assertThat(row.get("error_code").asText()).as(row.toString()).isNotBlank();
    }

    private static JsonNode lastRowFor(String alias, String api) {
        return lastRowFor(alias, api, false);
    }

    private static JsonNode lastRowFor(String alias, String api, boolean stream) {
        JsonNode[] found = new JsonNode[1];
        GatewayFixture.await(() -> {
            for (JsonNode r : gw.ledger()) {
                if (r.get("alias").asText().equals(alias) && r.get("api").asText().equals(api) && r.get("stream").asBoolean() == stream) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        assertThat(found[0]).as("ledger row for " + alias + " via " + api).isNotNull();
        return found[0];
    }

    @ParameterizedTest(name = "OpenAI API -> {0}")
    @CsvSource({"flaky-gpt", "flaky-claude"})
    void openAiStreamBrokenMidwayEndsWithAnErrorChunk(String alias) {
        HttpResponse<String> r = call("openai", alias, true);
        assertThat(r.statusCode()).isEqualTo(200);
        List<GatewayFixture.Sse> events = GatewayFixture.sse(r.body());
        assertThat(events).as(r.body()).hasSizeGreaterThanOrEqualTo(3);
        // Some content first, then {"error":{...}}, then [DONE].
        assertThat(events.get(0).json().path("choices").isArray()).as(r.body()).isTrue();
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode error = events.get(events.size() - 2).json().get("error");
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("code").asText()).isEqualTo("upstream_stream_interrupted");
        assertThat(events.subList(0, events.size() - 2)).allSatisfy(ev -> assertThat(ev.json().has("error")).isFalse());
        assertThat(r.body()).doesNotContain("\"finish_reason\":\"stop\"");
    }

    @ParameterizedTest(name = "Anthropic API -> {0}")
    @CsvSource({"flaky-claude", "flaky-gpt"})
    void anthropicStreamBrokenMidwayEndsWithAnErrorEvent(String alias) {
        HttpResponse<String> r = call("anthropic", alias, true);
        assertThat(r.statusCode()).isEqualTo(200);
        List<GatewayFixture.Sse> events = GatewayFixture.sse(r.body());
        assertThat(events.get(0).event()).as(r.body()).isEqualTo("message_start");
        GatewayFixture.Sse last = events.get(events.size() - 1);
        assertThat(last.event()).as(r.body()).isEqualTo("error");
        assertThat(last.json().get("type").asText()).isEqualTo("error");
        assertThat(last.json().get("error").get("type").asText()).isEqualTo("api_error");
        assertThat(last.json().get("error").get("message").asText()).isNotBlank();
        assertThat(events).extracting(GatewayFixture.Sse::event).doesNotContain("message_stop");
        assertThat(r.body()).doesNotContain("[DONE]");
    }

    @Test
    void sdksSurfaceABrokenStreamAsAnException() {
        List<Object> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (var s = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("flaky-claude")
                    .addUserMessage("x").build())) {
                s.stream().forEach(seen::add);
            }
        }).isInstanceOf(com.openai.errors.OpenAIException.class);
        assertThat(seen).as("content before the break reached the caller").isNotEmpty();

        seen.clear();
        assertThatThrownBy(() -> {
            try (var s = anthropic.messages().createStreaming(MessageCreateParams.builder().model("flaky-gpt").maxTokens(64)
                    .addUserMessage("x").build())) {
                s.stream().forEach(seen::add);
            }
        }).isInstanceOf(com.anthropic.errors.AnthropicException.class);
        assertThat(seen).isNotEmpty();
    }

    @Test
    void nonStreamBodyCutOffIs502() {
        for (String api : List.of("openai", "anthropic")) {
            HttpResponse<String> r = call(api, "flaky-gpt", false);
            assertThat(r.statusCode()).as(api + " " + r.body()).isEqualTo(502);
            jsonError(api, r, 502);
        }
    }

    @Test
    void hangingProviderIs504AfterItsTimeout() {
        // Four callers at once (both APIs, both provider kinds, stream and not); the provider timeout is 2 s.
        record Case(String api, String alias, boolean stream) {
        }
        List<Case> cases = List.of(new Case("openai", "hang-gpt", false), new Case("openai", "hang-claude", true),
                new Case("anthropic", "hang-claude", false), new Case("anthropic", "hang-gpt", true));
        long hangsBefore = gw.fake.stats().faults("hang");
        List<CompletableFuture<HttpResponse<String>>> futures = cases.stream()
                .map(c -> CompletableFuture.supplyAsync(() -> call(c.api(), c.alias(), c.stream()))).toList();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String[] e = jsonError(c.api(), futures.get(i).join(), 504);
            if (c.api().equals("openai")) {
                assertThat(e[0]).isEqualTo("api_error");
                assertThat(e[1]).isEqualTo("upstream_timeout");
            } else {
                assertThat(e[0]).isEqualTo("timeout_error");
            }
        }
        assertThat(gw.fake.stats().faults("hang") - hangsBefore).as("every call reached the provider").isEqualTo(4);
        // The gateway gave up on the provider: no request is left open there.
        assertThat(GatewayFixture.await(() -> gw.fake.stats().activeStreams() == 0)).isTrue();
        JsonNode row = lastRowFor("hang-gpt", "anthropic.messages", true);
        assertThat(row.get("status").asInt()).isEqualTo(504);
        assertThat(row.get("error_code").asText()).isEqualTo("upstream_timeout");
    }
}
