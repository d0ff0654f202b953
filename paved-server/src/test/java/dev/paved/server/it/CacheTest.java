package dev.paved.server.it;

import static dev.paved.server.it.GatewayFixture.TEXT16;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.paved.fake.FaultRule;
import dev.paved.fake.FaultSpec;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The response cache end to end: exact and semantic hits and misses, threshold edges, scoping by tenant,
 * alias and conversation context, per-request control, TTL, hits streamed through both SDKs, tool calls
 * kept out, ledger savings, and offline mode entered and left through the breaker.
 */
@Timeout(120)
class CacheTest {
    private static final String CONFIG = """
            resilience:
              max_retries: 0
              consecutive_failures: 1
              open_for: 1s
              half_open_probes: 1
            cache:
              threshold: 0.9
              aliases:
                brief: {ttl: 1s}
                tooly: {mode: always}
            """;
    private static final String ALIASES = """
            cached: {target: {provider: oa, model: fake-gpt}}
            cached-twin: {target: {provider: oa, model: fake-gpt}}
            cached-claude: {target: {provider: an, model: fake-claude}}
            brief: {target: {provider: oa, model: cache-brief}}
            tooly: {target: {provider: oa, model: cache-tools}}
            fragile: {target: {provider: oa, model: cache-fragile}}
            claude-prompt: {prompt_caching: true, target: {provider: an, model: fake-claude}}
            switchable: {target: {provider: oa, model: cache-switch}}
            """;

    private static GatewayFixture gw;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20, CONFIG, ALIASES);
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

    private static String body(String alias, String question, String system) {
        return "{\"model\":\"" + alias + "\",\"temperature\":0,\"max_tokens\":16,\"messages\":["
                + (system == null ? "" : "{\"role\":\"system\",\"content\":\"" + system + "\"},")
                + "{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    private static HttpResponse<String> ask(String key, String alias, String question, String... headers) {
        return gw.chat(key, body(alias, question, null), headers);
    }

    private static String cacheHeader(HttpResponse<String> r) {
        return r.headers().firstValue("x-paved-cache").orElse("none");
    }

    private static long upstream(String model) {
        return gw.fake.recentRequests().stream().filter(q -> q.path().endsWith("/chat/completions") || q.path().endsWith("/messages"))
                .filter(q -> model.equals(q.json().path("model").asText())).count();
    }

    private static JsonNode row(HttpResponse<String> r) {
        return gw.ledgerRow(gw.tenantId, r.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void exactRepeatIsServedFromTheCacheAndSavingsAreOnTheLedger() {
        HttpResponse<String> first = ask(gw.key, "cached", "How many moons does Mars have?");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(cacheHeader(first)).isEqualTo("miss");
        long calls = upstream("fake-gpt");
        HttpResponse<String> second = ask(gw.key, "cached", "How many moons does Mars have?");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(cacheHeader(second)).isEqualTo("hit");
        assertThat(second.headers().firstValue("x-paved-cache-kind")).hasValue("exact");
        assertThat(upstream("fake-gpt")).isEqualTo(calls);
        JsonNode a = Json.parseOrNull(first.body());
        JsonNode b = Json.parseOrNull(second.body());
        assertThat(b.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo(a.path("choices").path(0).path("message").path("content").asText());
        assertThat(b.path("id").asText()).isNotEqualTo(a.path("id").asText());

        JsonNode paid = row(first);
        JsonNode saved = row(second);
        assertThat(paid.get("cache").asText()).isEqualTo("miss");
        assertThat(saved.get("cache").asText()).isEqualTo("hit:exact");
        assertThat(saved.get("cost_usd").decimalValue()).isZero();
        assertThat(saved.get("input_tokens").asLong()).isZero();
        assertThat(saved.get("saved_cost_usd").decimalValue()).isEqualByComparingTo(paid.get("cost_usd").decimalValue());
        assertThat(saved.get("saved_tokens").asLong()).isEqualTo(paid.get("input_tokens").asLong() + paid.get("output_tokens").asLong());
        assertThat(saved.get("attempts").asInt()).isZero();
    }

    @Test
    void similarQuestionIsASemanticHitAndTheThresholdIsAnEdge() {
        ask(gw.key, "cached", "What is the capital city of France?");
        HttpResponse<String> similar = ask(gw.key, "cached", "What's the capital city of France?");
        assertThat(cacheHeader(similar)).isEqualTo("hit");
        assertThat(similar.headers().firstValue("x-paved-cache-kind")).hasValue("semantic");
        double sim = Double.parseDouble(similar.headers().firstValue("x-paved-cache-similarity").orElseThrow());
        assertThat(sim).isBetween(0.9, 1.0);
        // The header is rounded to 4 places: just below it hits, just above it misses (ResponseCacheTest checks the exact edge).
        String at = String.format(java.util.Locale.ROOT, "%.4f", sim - 0.0001);
        String above = String.format(java.util.Locale.ROOT, "%.4f", sim + 0.0001);
        assertThat(cacheHeader(ask(gw.key, "cached", "What's the capital city of France?", "x-paved-cache-threshold", at))).isEqualTo("hit");
        assertThat(cacheHeader(ask(gw.key, "cached", "What's the capital city of France?", "x-paved-cache-threshold", above)))
                .isEqualTo("miss");
        assertThat(cacheHeader(ask(gw.key, "cached", "How do volcanoes form under the ocean?"))).isEqualTo("miss");
        assertThat(row(similar).get("cache").asText()).isEqualTo("hit:semantic");
    }

    @Test
    void entriesAreScopedByTenantAliasAndConversation() {
        ask(gw.key, "cached", "Name three primary colours.");
        GatewayFixture.TenantKey other = gw.newTenant("cache", "{\"name\":\"k\"}");
        assertThat(cacheHeader(ask(other.key(), "cached", "Name three primary colours."))).isEqualTo("miss");
        assertThat(cacheHeader(ask(gw.key, "cached-twin", "Name three primary colours."))).isEqualTo("miss");
        HttpResponse<String> otherContext = gw.chat(gw.key, body("cached", "Name three primary colours.", "Answer in French."));
        assertThat(cacheHeader(otherContext)).isEqualTo("miss");
        assertThat(cacheHeader(ask(gw.key, "cached", "Name three primary colours."))).isEqualTo("hit");
    }

    @Test
    void callersControlTheCachePerRequest() {
        String q = "Is water wet? Answer yes or no.";
        assertThat(cacheHeader(ask(gw.key, "cached", q, "cache-control", "no-store"))).isEqualTo("miss");
        assertThat(cacheHeader(ask(gw.key, "cached", q))).as("no-store kept it out").isEqualTo("miss");
        assertThat(cacheHeader(ask(gw.key, "cached", q))).isEqualTo("hit");
        long before = upstream("fake-gpt");
        assertThat(cacheHeader(ask(gw.key, "cached", q, "cache-control", "no-cache"))).isEqualTo("none");
        assertThat(upstream("fake-gpt")).isEqualTo(before + 1);
        // Not deterministic (no temperature): not cached unless the caller allows it.
        String hot = "{\"model\":\"cached\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke.\"}]}";
        assertThat(cacheHeader(gw.chat(gw.key, hot))).isEqualTo("none");
        assertThat(cacheHeader(gw.chat(gw.key, hot, "x-paved-cache", "allow"))).isEqualTo("miss");
        assertThat(cacheHeader(gw.chat(gw.key, hot, "x-paved-cache", "allow"))).isEqualTo("hit");
        HttpResponse<String> bad = ask(gw.key, "cached", q, "x-paved-cache-threshold", "high");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.parseOrNull(bad.body()).path("error").path("code").asText()).isEqualTo("invalid_header");
    }

    @Test
    void entriesExpireAfterTheirTtl() throws InterruptedException {
        ask(gw.key, "brief", "What colour is the sky?");
        assertThat(cacheHeader(ask(gw.key, "brief", "What colour is the sky?"))).isEqualTo("hit");
        Thread.sleep(1_200);
        assertThat(cacheHeader(ask(gw.key, "brief", "What colour is the sky?"))).isEqualTo("miss");
    }

    @Test
    void aHitStreamsThroughTheOpenAiSdk() {
        ask(gw.key, "cached", "Say hello in one sentence.");
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("cached").temperature(0.0)
                .maxCompletionTokens(16).addUserMessage("Say hello in one sentence.")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(acc::accumulate);
        }
        assertThat(acc.chatCompletion().choices().get(0).message().content()).hasValue(TEXT16);
        assertThat(gw.ledger().get(0).get("cache").asText()).startsWith("hit:");
    }

    @Test
    void aHitStreamsThroughTheAnthropicSdk() {
        MessageCreateParams params = MessageCreateParams.builder().model("cached-claude").putAdditionalHeader("x-paved-cache", "allow").maxTokens(16)
                .addUserMessage("Hello there, cache").build();
        String text = anthropic.messages().create(params).content().get(0).asText().text();
        MessageAccumulator acc = MessageAccumulator.create();
        long before = upstream("fake-claude");
        try (var stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        assertThat(acc.message().content().get(0).asText().text()).isEqualTo(text);
        assertThat(upstream("fake-claude")).isEqualTo(before);
    }

    @Test
    void aStreamedAnswerIsStoredAndServedToLaterCallersInEitherMode() {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("cached").temperature(0.0)
                .maxCompletionTokens(16).addUserMessage("Which planet is the largest?").build())) {
            stream.stream().forEach(acc::accumulate);
        }
        String streamed = acc.chatCompletion().choices().get(0).message().content().orElseThrow();
        long calls = upstream("fake-gpt");
        HttpResponse<String> json = ask(gw.key, "cached", "Which planet is the largest?");
        assertThat(cacheHeader(json)).isEqualTo("hit");
        JsonNode answer = Json.parseOrNull(json.body());
        assertThat(answer.path("choices").path(0).path("message").path("content").asText()).isEqualTo(streamed);
        assertThat(answer.path("choices").path(0).path("finish_reason").asText())
                .isEqualTo(acc.chatCompletion().choices().get(0).finishReason().asString());
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(16);
        ChatCompletionAccumulator again = ChatCompletionAccumulator.create();
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("cached").temperature(0.0)
                .maxCompletionTokens(16).addUserMessage("Which planet is the largest?").build())) {
            stream.stream().forEach(again::accumulate);
        }
        assertThat(again.chatCompletion().choices().get(0).message().content()).hasValue(streamed);
        assertThat(upstream("fake-gpt")).isEqualTo(calls);

        MessageCreateParams params = MessageCreateParams.builder().model("cached-claude").putAdditionalHeader("x-paved-cache", "allow")
                .maxTokens(16).addUserMessage("Name a river in Africa").build();
        MessageAccumulator macc = MessageAccumulator.create();
        try (var stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(macc::accumulate);
        }
        long claudeCalls = upstream("fake-claude");
        assertThat(anthropic.messages().create(params).content().get(0).asText().text())
                .isEqualTo(macc.message().content().get(0).asText().text());
        assertThat(upstream("fake-claude")).isEqualTo(claudeCalls);
    }

    @Test
    void answersThatCallToolsAreNotCached() {
        String withTools = "{\"model\":\"tooly\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]}";
        HttpResponse<String> first = gw.chat(gw.key, withTools);
        assertThat(Json.parseOrNull(first.body()).path("choices").path(0).path("message").path("tool_calls").size()).isEqualTo(1);
        assertThat(cacheHeader(gw.chat(gw.key, withTools))).isEqualTo("miss");
    }

    @Test
    void offlineModeServesADegradedAnswerWhenEveryTargetIsDownAndLeavesWhenItRecovers() throws InterruptedException {
        assertThat(ask(gw.key, "fragile", "What is the boiling point of water at sea level?").statusCode()).isEqualTo(200);
        gw.fake.faults().add(FaultRule.untilCleared(FaultSpec.parse("status=503")).onlyModel("cache-fragile"));
        String hot = "{\"model\":\"fragile\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"At sea level, what is the boiling point of water?\"}]}";
        assertThat(gw.chat(gw.key, hot).statusCode()).as("the failure that opens the breaker").isEqualTo(503);
        HttpResponse<String> offline = gw.chat(gw.key, hot);
        assertThat(offline.statusCode()).as(offline.body()).isEqualTo(200);
        JsonNode answer = Json.parseOrNull(offline.body());
        assertThat(answer.get("degraded").asBoolean()).isTrue();
        assertThat(answer.get("notice").asText()).contains("cache");
        assertThat(offline.headers().firstValue("x-paved-degraded")).hasValue("offline-cache");
        JsonNode r = row(offline);
        assertThat(r.get("attempts").asInt()).isZero();
        assertThat(r.get("decisions").toString()).contains("offline:served_from_cache");
        HttpResponse<String> unknown = gw.chat(gw.key, hot.replace("boiling point of water", "tallest mountain on Mars"));
        assertThat(unknown.statusCode()).isEqualTo(503);
        assertThat(Json.parseOrNull(unknown.body()).path("error").path("code").asText()).isEqualTo("no_healthy_target");

        gw.fake.faults().clear();
        Thread.sleep(1_200);
        HttpResponse<String> back = gw.chat(gw.key, hot);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(Json.parseOrNull(back.body()).has("degraded")).isFalse();
    }

    @Test
    void providerPromptCacheTokensAreRecordedAndPriced() {
        String system = "You answer questions about the fleet manual. ".repeat(120);
        String req = "{\"model\":\"claude-prompt\",\"max_tokens\":16,\"messages\":[{\"role\":\"system\",\"content\":\"" + system
                + "\"},{\"role\":\"user\",\"content\":\"%s\"}]}";
        HttpResponse<String> first = gw.chat(gw.key, req.formatted("Where is the spare tyre?"));
        HttpResponse<String> second = gw.chat(gw.key, req.formatted("How do I reset the clock?"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode sent = gw.fake.recentRequests().stream().filter(q -> q.path().endsWith("/messages")).reduce((a, b) -> b).orElseThrow().json();
        assertThat(sent.get("system").get(0).get("cache_control").get("type").asText()).isEqualTo("ephemeral");
        JsonNode written = row(first);
        JsonNode read = row(second);
        assertThat(written.get("cache_write_tokens").asLong()).isPositive();
        assertThat(read.get("cached_tokens").asLong()).isEqualTo(written.get("cache_write_tokens").asLong());
        assertThat(read.get("decisions").toString()).contains("prompt_cache_breakpoints:an/fake-claude");
        // fake-claude's price has no cache prices, so reads and writes cost the input price: 3 $/M in, 15 $/M out.
        BigDecimal expected = GatewayFixture.cost(GatewayFixture.CLAUDE_IN, GatewayFixture.CLAUDE_OUT,
                read.get("input_tokens").asLong() + read.get("cached_tokens").asLong() + read.get("cache_write_tokens").asLong(),
                read.get("output_tokens").asLong());
        assertThat(read.get("cost_usd").decimalValue()).isEqualByComparingTo(expected);
        // The OpenAI answer reports the cache read the way OpenAI does.
        assertThat(Json.parseOrNull(second.body()).path("usage").path("prompt_tokens_details").path("cached_tokens").asLong())
                .isEqualTo(read.get("cached_tokens").asLong());
    }

    @Test
    void theOfflineCacheOnlySwitchAnswersFromTheCacheWithoutCallingProviders() {
        assertThat(ask(gw.key, "switchable", "Which planet is known as the red planet?").statusCode()).isEqualTo(200);
        long calls = upstream("cache-switch");
        gw.admin("PUT", "/admin/switches/offline-cache-only", "{\"target\":\"switchable\",\"reason\":\"provider outage drill\"}");
        try {
            String hot = "{\"model\":\"switchable\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
            HttpResponse<String> served = null;
            for (int i = 0; i < 40 && (served == null || served.statusCode() != 200); i++) {
                served = gw.chat(gw.key, hot.formatted("Which planet is called the red planet?"));
                if (served.statusCode() != 200 || !Json.parseOrNull(served.body()).has("degraded")) {
                    served = null;
                    sleep(50);
                }
            }
            assertThat(served).as("the switch reaches the gateway within 2 s").isNotNull();
            assertThat(Json.parseOrNull(served.body()).get("degraded").asBoolean()).isTrue();
            HttpResponse<String> none = gw.chat(gw.key, hot.formatted("How many legs does a spider have?"));
            assertThat(none.statusCode()).isEqualTo(503);
            assertThat(Json.parseOrNull(none.body()).path("error").path("code").asText()).isEqualTo("offline_no_cached_answer");
            assertThat(upstream("cache-switch")).isEqualTo(calls);
        } finally {
            gw.admin("DELETE", "/admin/switches/offline-cache-only?target=switchable", null);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void adminStatsShowHitRateAndSavings() {
        ask(gw.key, "cached", "Spell the word cache.");
        ask(gw.key, "cached", "Spell the word cache.");
        JsonNode stats = gw.admin("GET", "/admin/cache?tenant_id=" + gw.tenantId, null);
        assertThat(stats.get("entries").asLong()).isPositive();
        JsonNode row = null;
        for (JsonNode n : stats.get("data")) {
            if (n.get("alias").asText().equals("cached")) {
                row = n;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("exact_hits").asLong()).isPositive();
        assertThat(row.get("hit_rate").asDouble()).isPositive();
        assertThat(new BigDecimal(row.get("dollars_saved").asText())).isPositive();
    }
}
