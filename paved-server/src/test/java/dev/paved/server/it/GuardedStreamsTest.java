package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.paved.gateway.wire.Json;
import dev.paved.server.store.GuardAuditStore;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The output stage on streams, end to end: the fake provider streams an answer full of personal data and
 * secrets in small pieces; callers of both APIs (raw HTTP and the official SDKs) get it redacted, event by
 * event, and reassembled it equals the non-stream answer to the same request; a blocking policy stops the
 * stream before the value is sent; a reversible policy puts the caller's own values back, also when the
 * model's placeholder arrives split across events.
 */
@Timeout(120)
class GuardedStreamsTest {
    private static final String GUARDRAILS = """
            guardrails:
              output:
                pii: {}
                secrets: {action: redact}
              features:
                strict:
                  output:
                    secrets: {action: block}
                restoring:
                  reversible: true
                  input:
                    pii: {action: redact}
            """;
    private static final String[] VALUES = {"jane.doe@example.org", "(415) 555-2671", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00",
            "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"};
    private static final String ANSWER = "Sure. Write to " + VALUES[0] + " or call " + VALUES[1] + ".\nCard " + VALUES[2] + ", IBAN " + VALUES[3]
            + ",\nkey " + VALUES[4] + ". Again: " + VALUES[0] + " - done.";
    private static final String REDACTED = "Sure. Write to [EMAIL_1] or call [PHONE_1].\nCard [CREDIT_CARD_1], IBAN [IBAN_1],\nkey [SECRET_1]. "
            + "Again: [EMAIL_1] - done.";
    private static final AtomicInteger CASES = new AtomicInteger();
    private static GatewayFixture gw;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20, GUARDRAILS);
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

    /** A marker for one request's scripted answer, and the answer scripted. */
    private static String script(String answer, int pieceChars) {
        String marker = "stream-case-" + CASES.incrementAndGet();
        gw.fake.replies().add(marker, answer, pieceChars);
        return marker;
    }

    private static String body(String alias, String prompt, boolean stream) {
        return "{\"model\":\"" + alias + "\",\"max_tokens\":1000,\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.write(Json.MAPPER.valueToTree(prompt)) + "}]}";
    }

    /** The streamed OpenAI answer text, after checking the chunks are one well-formed stream. */
    private static String openAiText(String body) {
        List<GatewayFixture.Sse> events = GatewayFixture.sse(body);
        assertThat(events).last().satisfies(e -> assertThat(e.data()).isEqualTo("[DONE]"));
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(GatewayFixture.Sse::json).toList();
        assertThat(chunks).extracting(c -> c.path("id").asText()).containsOnly(chunks.get(0).path("id").asText());
        assertThat(chunks).extracting(c -> c.path("model").asText()).containsOnly(chunks.get(0).path("model").asText());
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks) {
            text.append(c.at("/choices/0/delta/content").asText(""));
        }
        return text.toString();
    }

    /** The streamed Anthropic answer text, after checking the event sequence. */
    private static String anthropicText(String body) {
        List<GatewayFixture.Sse> events = GatewayFixture.sse(body);
        List<String> types = events.stream().map(GatewayFixture.Sse::event).filter(t -> !t.equals("ping")).toList();
        assertThat(types.get(0)).isEqualTo("message_start");
        assertThat(types.subList(types.size() - 3, types.size())).containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(types.subList(1, types.size() - 3)).first().isEqualTo("content_block_start");
        assertThat(types.subList(2, types.size() - 3)).containsOnly("content_block_delta");
        StringBuilder text = new StringBuilder();
        for (GatewayFixture.Sse e : events) {
            if ("content_block_delta".equals(e.event())) {
                assertThat(e.json().path("index").asInt()).isZero();
                text.append(e.json().at("/delta/text").asText());
            }
        }
        return text.toString();
    }

    private static void assertNoValue(String body) {
        for (String v : VALUES) {
            assertThat(body).doesNotContain(v).doesNotContain(v.substring(0, 6));
        }
    }

    private static List<GuardAuditStore.Entry> audit(HttpResponse<String> r) {
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        GuardAuditStore store = new GuardAuditStore(gw.server.database());
        List<List<GuardAuditStore.Entry>> rows = new ArrayList<>(List.of(List.of()));
        GatewayFixture.await(() -> {
            rows.set(0, store.list(gw.tenantId, requestId, 100));
            return !rows.get(0).isEmpty();
        });
        return rows.get(0);
    }

    @ParameterizedTest(name = "OpenAI API, alias {0}, {1}-character pieces")
    @CsvSource({"gpt,1", "gpt,3", "gpt,7", "claude,2", "claude,5"})
    void anOpenAiStreamIsRedactedAndEqualsTheNonStreamAnswer(String alias, int pieceChars) {
        String marker = script(ANSWER, pieceChars);
        HttpResponse<String> whole = gw.chat(gw.key, body(alias, marker, false));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        String expected = Json.parseOrNull(whole.body()).at("/choices/0/message/content").asText();
        assertThat(expected).isEqualTo(REDACTED);

        HttpResponse<String> streamed = gw.chat(gw.key, body(alias, marker, true));
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(openAiText(streamed.body())).isEqualTo(expected);
        assertNoValue(streamed.body());
        assertThat(audit(streamed)).singleElement().satisfies(a -> {
            assertThat(a.stage()).isEqualTo("output");
            assertThat(a.verdict()).isEqualTo("redact");
            assertThat(a.reasonCodes()).contains("pii.email", "pii.phone", "pii.credit_card", "pii.iban", "secret");
            assertThat(a.redactions()).isEqualTo(audit(whole).get(0).redactions()).isEqualTo(6);
        });
    }

    @ParameterizedTest(name = "Anthropic API, alias {0}, {1}-character pieces")
    @CsvSource({"claude,1", "claude,4", "gpt,3"})
    void anAnthropicStreamIsRedactedAndEqualsTheNonStreamAnswer(String alias, int pieceChars) {
        String marker = script(ANSWER, pieceChars);
        HttpResponse<String> whole = gw.messages(gw.key, body(alias, marker, false));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        String expected = Json.parseOrNull(whole.body()).at("/content/0/text").asText();
        assertThat(expected).isEqualTo(REDACTED);

        HttpResponse<String> streamed = gw.messages(gw.key, body(alias, marker, true));
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(anthropicText(streamed.body())).isEqualTo(expected);
        assertNoValue(streamed.body());
    }

    @Test
    void theOfficialSdksReadTheRewrittenStreams() {
        String marker = script(ANSWER, 3);
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("gpt").addUserMessage(marker)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> {
                chunks.add(c);
                acc.accumulate(c);
            });
        }
        assertThat(acc.chatCompletion().choices().get(0).message().content()).hasValue(REDACTED);
        assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens()).isEqualTo((ANSWER.length() + 2) / 3);

        MessageAccumulator messages = MessageAccumulator.create();
        try (var stream = anthropic.messages().createStreaming(MessageCreateParams.builder().model("claude").maxTokens(1000)
                .addUserMessage(marker).build())) {
            stream.stream().forEach(messages::accumulate);
        }
        assertThat(messages.message().content().get(0).text().orElseThrow().text()).isEqualTo(REDACTED);
    }

    @Test
    void aBlockedValueStopsTheStreamBeforeAnyOfItIsSent() {
        String marker = script(ANSWER, 2);
        HttpResponse<String> openAiStream = gw.chat(gw.key, body("gpt", marker, true), "x-feature-id", "strict");
        assertThat(openAiStream.statusCode()).isEqualTo(200);
        assertThat(openAiStream.body()).contains("guardrail_output_blocked").contains("secret").doesNotContain("\"finish_reason\":\"stop\"");
        StringBuilder sent = new StringBuilder();
        for (GatewayFixture.Sse e : GatewayFixture.sse(openAiStream.body())) {
            sent.append(e.data().equals("[DONE]") ? "" : e.json().at("/choices/0/delta/content").asText(""));
        }
        // Everything before the key went out, redacted; of the key, nothing.
        assertThat(REDACTED.substring(0, REDACTED.indexOf("[SECRET_1]"))).startsWith(sent.toString());
        assertThat(sent.toString()).contains("[IBAN_1]");
        assertNoValue(openAiStream.body());
        assertThat(audit(openAiStream)).singleElement().satisfies(a -> {
            assertThat(a.verdict()).isEqualTo("block");
            assertThat(a.reasonCodes()).contains("secret");
        });

        HttpResponse<String> anthropicStream = gw.messages(gw.key, body("claude", marker, true), "x-feature-id", "strict");
        List<GatewayFixture.Sse> events = GatewayFixture.sse(anthropicStream.body());
        assertThat(events).last().satisfies(e -> {
            assertThat(e.event()).isEqualTo("error");
            assertThat(e.data()).contains("withheld by the guardrail policy").contains("secret");
        });
        assertNoValue(anthropicStream.body());
    }

    @ParameterizedTest(name = "alias {0}")
    @CsvSource({"gpt", "claude"})
    void aReversiblePolicyRestoresTheCallersValuesInStreams(String alias) {
        String email = "bob.smith@example.com";
        String marker = "restore-case-" + CASES.incrementAndGet();
        // The model only ever sees the placeholder; its answer names it, split across events, and leaks an address
        // the caller never sent: that one is redacted by the output stage and must stay redacted.
        gw.fake.replies().add(marker, List.of("I will wr", "ite to [EM", "AIL", "_1] tod", "ay, cc leak@exa", "mple.org, not [EMAIL_9", "]."));
        String prompt = marker + ": please write to " + email;
        String expected = "I will write to " + email + " today, cc [EMAIL_2], not [EMAIL_9].";

        HttpResponse<String> whole = gw.chat(gw.key, body(alias, prompt, false), "x-feature-id", "restoring");
        assertThat(Json.parseOrNull(whole.body()).at("/choices/0/message/content").asText()).isEqualTo(expected);
        HttpResponse<String> streamed = gw.chat(gw.key, body(alias, prompt, true), "x-feature-id", "restoring");
        assertThat(openAiText(streamed.body())).isEqualTo(expected);
        HttpResponse<String> messages = gw.messages(gw.key, body(alias, prompt, true), "x-feature-id", "restoring");
        assertThat(anthropicText(messages.body())).isEqualTo(expected);
        assertThat(gw.fake.recentRequests().stream().filter(r -> r.body() != null && r.body().contains(marker)))
                .allSatisfy(r -> assertThat(r.body()).doesNotContain(email).contains("[EMAIL_1]"));
    }

    @Test
    void whenTheProviderBreaksOffTheHeldTextIsDroppedNotSent() {
        String marker = "broken-case-" + CASES.incrementAndGet();
        // The provider resets the connection after its first content event, in the middle of the address.
        gw.fake.replies().add(marker, List.of("Mail jane.doe@exa", "mple.org now."));
        HttpResponse<String> r = gw.chat(gw.key, body("flaky-gpt", marker, true));
        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder sent = new StringBuilder();
        for (GatewayFixture.Sse e : GatewayFixture.sse(r.body())) {
            sent.append(e.data().equals("[DONE]") ? "" : e.json().at("/choices/0/delta/content").asText(""));
        }
        assertThat(sent.toString()).isEqualTo("Mail ");
        assertThat(r.body()).contains("\"error\"").doesNotContain("jane");
    }

    @Test
    void aCleanStreamPassesWordForWord() {
        String text = "The capital of Peru is Lima; it has about 10 million people.\nNothing to hide here.";
        String marker = script(text, 4);
        assertThat(openAiText(gw.chat(gw.key, body("gpt", marker, true)).body())).isEqualTo(text);
        assertThat(anthropicText(gw.messages(gw.key, body("claude", marker, true)).body())).isEqualTo(text);
    }

    private static final String TOOL_ARGS = "{\"to\":\"jane.doe@example.org\",\"note\":\"IBAN gb82 west 1234 5698 7654 32\\nthanks\",\"card\":4111111111111111}";
    private static final String TOOL_ARGS_REDACTED = "{\"to\":\"[EMAIL_1]\",\"note\":\"IBAN [IBAN_1]\\nthanks\",\"card\":\"[CREDIT_CARD_1]\"}";

    private static String toolBody(String alias, String prompt, boolean stream) {
        return "{\"model\":\"" + alias + "\",\"max_tokens\":1000,\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.write(Json.MAPPER.valueToTree(prompt)) + "}]}";
    }

    @ParameterizedTest(name = "alias {0}, {1}-character fragments")
    @CsvSource({"gpt,1", "gpt,3", "claude,2", "claude,7"})
    void toolCallArgumentsAreRedactedInStreamsAndAnswersOfBothApis(String alias, int pieceChars) {
        String marker = "tool-case-" + CASES.incrementAndGet();
        List<String> fragments = new ArrayList<>();
        for (int i = 0; i < TOOL_ARGS.length(); i += pieceChars) {
            fragments.add(TOOL_ARGS.substring(i, Math.min(TOOL_ARGS.length(), i + pieceChars)));
        }
        gw.fake.replies().addToolCall(marker, "send_mail", fragments);

        HttpResponse<String> whole = gw.chat(gw.key, toolBody(alias, marker, false));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(Json.parseOrNull(whole.body()).at("/choices/0/message/tool_calls/0/function/arguments").asText()).isEqualTo(TOOL_ARGS_REDACTED);

        HttpResponse<String> streamed = gw.chat(gw.key, toolBody(alias, marker, true));
        StringBuilder args = new StringBuilder();
        String id = null;
        for (GatewayFixture.Sse e : GatewayFixture.sse(streamed.body())) {
            JsonNode call = e.data().equals("[DONE]") ? null : e.json().at("/choices/0/delta/tool_calls/0");
            if (call != null && !call.isMissingNode()) {
                assertThat(call.path("index").asInt()).isZero();
                if (call.has("id")) {
                    assertThat(id).isNull();
                    id = call.path("id").asText();
                    assertThat(call.at("/function/name").asText()).isEqualTo("send_mail");
                }
                args.append(call.at("/function/arguments").asText(""));
            }
        }
        assertThat(id).isNotEmpty();
        assertThat(args.toString()).isEqualTo(TOOL_ARGS_REDACTED);
        assertThat(streamed.body()).doesNotContain("jane").doesNotContain("gb82").doesNotContain("4111");

        HttpResponse<String> messages = gw.messages(gw.key, toolBody(alias, marker, true));
        StringBuilder input = new StringBuilder();
        for (GatewayFixture.Sse e : GatewayFixture.sse(messages.body())) {
            if ("content_block_delta".equals(e.event())) {
                assertThat(e.json().at("/delta/type").asText()).isEqualTo("input_json_delta");
                input.append(e.json().at("/delta/partial_json").asText());
            }
        }
        assertThat(Json.parseOrNull(input.toString())).isEqualTo(Json.parseOrNull(TOOL_ARGS_REDACTED));
        assertThat(messages.body()).doesNotContain("jane").doesNotContain("gb82").doesNotContain("4111");
        HttpResponse<String> messagesWhole = gw.messages(gw.key, toolBody(alias, marker, false));
        assertThat(Json.parseOrNull(messagesWhole.body()).at("/content/0/input")).isEqualTo(Json.parseOrNull(TOOL_ARGS_REDACTED));
    }

    @Test
    void theOfficialSdksReadRedactedToolCallStreams() {
        String marker = "tool-case-" + CASES.incrementAndGet();
        gw.fake.replies().addToolCall(marker, "send_mail", List.of("{\"to\":\"jane.doe@exa", "mple.org\",\"n\":", "4111111111111111}"));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("gpt").addUserMessage(marker).build())) {
            stream.stream().forEach(acc::accumulate);
        }
        var call = acc.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("send_mail");
        assertThat(call.function().arguments()).isEqualTo("{\"to\":\"[EMAIL_1]\",\"n\":\"[CREDIT_CARD_1]\"}");

        MessageAccumulator messages = MessageAccumulator.create();
        try (var stream = anthropic.messages().createStreaming(MessageCreateParams.builder().model("claude").maxTokens(1000)
                .addUserMessage(marker).build())) {
            stream.stream().forEach(messages::accumulate);
        }
        var toolUse = messages.message().content().get(0).toolUse().orElseThrow();
        assertThat(Json.write(Json.MAPPER.valueToTree(toolUse._input()))).isEqualTo("{\"to\":\"[EMAIL_1]\",\"n\":\"[CREDIT_CARD_1]\"}");
    }
}
