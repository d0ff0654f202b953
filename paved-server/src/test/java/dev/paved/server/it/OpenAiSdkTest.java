package dev.paved.server.it;

import static dev.paved.server.it.GatewayFixture.TEXT16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.paved.fake.RecordedRequest;
import dev.paved.gateway.wire.Json;
import dev.paved.server.telemetry.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official openai-java SDK, unmodified, used as a new user would: only the base URL and key point at
 * Paved. Alias {@code gpt} is an OpenAI-type provider; alias {@code claude} is an Anthropic-type provider, so
 * every call to it is translated both ways.
 */
@Timeout(60)
class OpenAiSdkTest {
    private static GatewayFixture gw;
    private static OpenAIClient openAi;
    private static OpenAIClient narrow;
    private static OpenAIClient bad;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20);
        openAi = client(gw.key);
        narrow = client(gw.restrictedKey);
        bad = client("pk_wrong_key_0000");
    }

    @AfterAll
    static void stop() {
        for (OpenAIClient c : new OpenAIClient[] {openAi, narrow, bad}) {
            if (c != null) {
                c.close();
            }
        }
        if (gw != null) {
            gw.close();
        }
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.base + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello in one sentence.");
    }

    private static FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather").description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    /** The newest request the fake received on {@code path} whose body contains {@code marker}. */
    private static RecordedRequest lastUpstream(String path, String marker) {
        return gw.fake.recentRequests().stream().filter(r -> r.path().equals(path) && r.body().contains(marker))
                .reduce((a, b) -> b.sequence() > a.sequence() ? b : a).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void chatNonStream(String alias) {
        String marker = "nonstream-" + alias;
        ChatCompletion c = openAi.chat().completions().create(ChatCompletionCreateParams.builder().model(alias)
                .addSystemMessage("You are terse.").addUserMessage("Say hello " + marker).build());
        c.validate();
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().get(0).message().content()).hasValue(TEXT16);
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(c.usage().orElseThrow().promptTokens()).isPositive();
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(c.usage().orElseThrow().promptTokens() + 16);
        // The answer names the model that produced it, whichever format the provider speaks.
        assertThat(c.model()).isEqualTo(alias.equals("gpt") ? "fake-gpt" : "fake-claude");

        // What the provider received: its own protocol, its own model name, the gateway's credentials.
        if (alias.equals("gpt")) {
            RecordedRequest sent = lastUpstream("/v1/chat/completions", marker);
            assertThat(sent.header("authorization")).isEqualTo("Bearer sk-upstream");
            assertThat(sent.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            assertThat(sent.json().get("model").asText()).isEqualTo("fake-gpt");
        } else {
            RecordedRequest sent = lastUpstream("/v1/messages", marker);
            assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-upstream");
            assertThat(sent.header("anthropic-version")).isNotBlank();
            JsonNode body = sent.json();
            assertThat(body.get("model").asText()).isEqualTo("fake-claude");
            assertThat(body.get("max_tokens").asInt()).isPositive();
            assertThat(body.get("system").toString()).contains("You are terse.");
            assertThat(body.get("messages")).hasSize(1);
            assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("user");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void chatStreamWithUsage(String alias) {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(chat(alias)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                acc.accumulate(chunk);
            });
        }
        assertThat(chunks.size()).as("one chunk per token plus role/finish/usage").isGreaterThan(16);
        assertThat(chunks).extracting(ChatCompletionChunk::id).as("one id per stream").containsOnly(chunks.get(0).id());
        assertThat(chunks).extracting(ChatCompletionChunk::model).containsOnly(alias.equals("gpt") ? "fake-gpt" : "fake-claude");
        ChatCompletion c = acc.chatCompletion();
        assertThat(c.choices().get(0).message().content()).hasValue(TEXT16);
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        // include_usage: the last chunk has no choices and carries the usage.
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(16);
        assertThat(last.usage().orElseThrow().promptTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void chatStreamWithoutUsageHasNoUsageChunk(String alias) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(chat(alias).build())) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).isNotEmpty();
        // The gateway asks the provider for usage (for the ledger) but must not pass it on uninvited.
        assertThat(chunks).allSatisfy(ch -> assertThat(ch.usage()).isEmpty());
        assertThat(chunks).allSatisfy(ch -> assertThat(ch.choices()).isNotEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void toolCallRoundTrip(String alias) {
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model(alias)
                .addUserMessage("What is the weather in Paris?").addFunctionTool(weather()).build();
        ChatCompletion c = openAi.chat().completions().create(first);
        c.validate();
        ChatCompletion.Choice choice = c.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(1);
        ChatCompletionMessageFunctionToolCall call = calls.get(0).asFunction();
        assertThat(call.id()).isNotBlank();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(Json.parseOrNull(call.function().arguments()).get("city").asText()).isEqualTo("fake");

        // Send the tool's result back, as an application would: the model then answers in text.
        String marker = "sunny-" + alias;
        ChatCompletion answer = openAi.chat().completions().create(ChatCompletionCreateParams.builder().model(alias)
                .addUserMessage("What is the weather in Paris?")
                .addMessage(ChatCompletionAssistantMessageParam.builder().toolCalls(calls).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content(marker + " 21C").build())
                .addFunctionTool(weather()).build());
        assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(answer.choices().get(0).message().content()).hasValue(TEXT16);
        assertThat(answer.choices().get(0).message().toolCalls().orElse(List.of())).isEmpty();

        if (alias.equals("claude")) {
            // Anthropic form: assistant tool_use block, then a user tool_result with the same id.
            JsonNode msgs = lastUpstream("/v1/messages", marker).json().get("messages");
            assertThat(msgs).hasSize(3);
            JsonNode use = msgs.get(1).get("content").get(0);
            assertThat(use.get("type").asText()).isEqualTo("tool_use");
            assertThat(use.get("id").asText()).isEqualTo(call.id());
            assertThat(use.get("input").get("city").asText()).isEqualTo("fake");
            JsonNode result = msgs.get(2).get("content").get(0);
            assertThat(msgs.get(2).get("role").asText()).isEqualTo("user");
            assertThat(result.get("type").asText()).isEqualTo("tool_result");
            assertThat(result.get("tool_use_id").asText()).isEqualTo(call.id());
            assertThat(result.toString()).contains(marker);
        }

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = openAi.chat().completions().createStreaming(first)) {
            stream.stream().forEach(acc::accumulate);
        }
        ChatCompletion.Choice streamed = acc.chatCompletion().choices().get(0);
        assertThat(streamed.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall streamedCall = streamed.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(streamedCall.function().name()).isEqualTo("get_weather");
        assertThat(Json.parseOrNull(streamedCall.function().arguments()).get("city").asText()).isEqualTo("fake");
    }

    @Test
    void jsonResponseFormat() {
        ChatCompletion c = openAi.chat().completions().create(chat("gpt")
                .responseFormat(ResponseFormatJsonObject.builder().build()).build());
        String content = c.choices().get(0).message().content().orElseThrow();
        JsonNode parsed = Json.parseOrNull(content);
        assertThat(parsed).as(content).isNotNull();
        assertThat(parsed.get("answer").asText()).isNotBlank();
    }

    @Test
    void embeddingsFromTheLocalModelAndFromTheProvider() {
        CreateEmbeddingResponse local = openAi.embeddings().create(EmbeddingCreateParams.builder()
                .model("bge-small-en-v1.5").input("the quick brown fox").encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        local.validate();
        List<Float> v = local.data().get(0).embedding();
        assertThat(v).hasSize(384);
        double norm = Math.sqrt(v.stream().mapToDouble(f -> f * f).sum());
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(local.usage().promptTokens()).isPositive();

        CreateEmbeddingResponse upstream = openAi.embeddings().create(EmbeddingCreateParams.builder()
                .model("embed").inputOfArrayOfStrings(List.of("alpha", "beta")).build());
        assertThat(upstream.data()).hasSize(2);
        assertThat(upstream.data().get(0).embedding()).hasSize(384);
        assertThat(upstream.data().get(1).index()).isEqualTo(1);
        assertThat(upstream.data().get(0).embedding()).isNotEqualTo(upstream.data().get(1).embedding());
        assertThat(lastUpstream("/v1/embeddings", "alpha").json().get("model").asText()).isEqualTo("fake-embed");
    }

    @Test
    void modelListShowsOnlyPermittedAliases() {
        assertThat(openAi.models().list().data()).extracting(Model::id)
                .contains("gpt", "claude", "secret-model", "embed", "bge-small-en-v1.5")
                .doesNotContain("fake-gpt", "fake-claude");
        assertThat(narrow.models().list().data()).extracting(Model::id).containsExactly("gpt");
    }

    @Test
    void errorsAreTypedBySdk() {
        assertThatThrownBy(() -> openAi.chat().completions().create(chat("no-such-model").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).hasValue("model_not_found");
                });
        assertThatThrownBy(() -> narrow.chat().completions().create(chat("secret-model").build()))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> narrow.chat().completions().create(chat("claude").build()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(narrow.chat().completions().create(chat("gpt").build()).choices()).hasSize(1);
        assertThatThrownBy(() -> bad.chat().completions().create(chat("gpt").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> bad.models().list()).isInstanceOf(UnauthorizedException.class);
        // A request the gateway rejects before routing: n > 1 is not supported.
        assertThatThrownBy(() -> openAi.chat().completions().create(chat("gpt").n(2).build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }
}
