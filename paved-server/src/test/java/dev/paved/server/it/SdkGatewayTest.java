package dev.paved.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.paved.server.telemetry.Tracing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official SDKs, unmodified, against the running gateway: both inbound formats, both provider formats. */
@Timeout(120)
class SdkGatewayTest {
    private static final String TEXT16 = "lorem ipsum dolor sit amet fake token reply lorem ipsum dolor sit amet fake token reply ";
    private static GatewayFixture gw;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20);
        openAi = openAi(gw.key);
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gw.base).apiKey(gw.key).maxRetries(0).build();
    }

    static OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.base + "/v1").apiKey(key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        gw.close();
    }

    private static ChatCompletionCreateParams.Builder chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello in one sentence.");
    }

    private static FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                        .putAdditionalProperty("properties", com.openai.core.JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    @Test
    void openAiChatToOpenAiProvider() {
        ChatCompletion c = openAi.chat().completions().create(chat("gpt").build());
        c.validate();
        assertThat(c.choices().get(0).message().content()).hasValue(TEXT16);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(16);
        var sent = gw.fake.recentRequests().stream().filter(r -> r.body().contains("Say hello"))
                .reduce((a, b) -> b.sequence() > a.sequence() ? b : a).orElseThrow();
        assertThat(sent.header("authorization")).isEqualTo("Bearer sk-upstream");
        assertThat(sent.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(sent.json().get("model").asText()).isEqualTo("fake-gpt");
    }

    @Test
    void openAiStreamWithUsageToBothProviders() {
        for (String alias : List.of("gpt", "claude")) {
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (var stream = openAi.chat().completions().createStreaming(chat(alias)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                stream.stream().forEach(acc::accumulate);
            }
            ChatCompletion c = acc.chatCompletion();
            assertThat(c.choices().get(0).message().content()).as(alias).hasValue(TEXT16);
            assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
            assertThat(c.usage().orElseThrow().completionTokens()).as(alias).isEqualTo(16);
        }
    }

    @Test
    void openAiToolsRoundTripThroughAnthropicProvider() {
        for (String alias : List.of("gpt", "claude")) {
            ChatCompletion c = openAi.chat().completions().create(chat(alias).addFunctionTool(weather()).build());
            ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(call.function().name()).as(alias).isEqualTo("get_weather");
            assertThat(call.function().arguments()).contains("\"city\"");
            assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);

            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (var stream = openAi.chat().completions().createStreaming(chat(alias).addFunctionTool(weather()).build())) {
                stream.stream().forEach(acc::accumulate);
            }
            ChatCompletionMessageFunctionToolCall streamed = acc.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(streamed.function().name()).isEqualTo("get_weather");
            assertThat(streamed.function().arguments()).contains("\"city\"");
        }
    }

    @Test
    void openAiEmbeddingsFromTheLocalModelAndModelList() {
        var r = openAi.embeddings().create(EmbeddingCreateParams.builder().model("bge-small-en-v1.5").input("the quick brown fox").build());
        assertThat(r.data().get(0).embedding()).hasSize(384);
        assertThat(r.usage().promptTokens()).isPositive();
        assertThat(openAi.models().list().data()).extracting(Model::id).contains("gpt", "claude", "secret-model", "bge-small-en-v1.5");
        OpenAIClient narrow = openAi(gw.restrictedKey);
        assertThat(narrow.models().list().data()).extracting(Model::id).containsExactly("gpt");
        narrow.close();
    }

    @Test
    void openAiErrorsAreTypedBySdk() {
        assertThatThrownBy(() -> openAi.chat().completions().create(chat("nope").build())).isInstanceOf(NotFoundException.class);
        OpenAIClient narrow = openAi(gw.restrictedKey);
        OpenAIClient bad = openAi("pk_wrong_key");
        assertThatThrownBy(() -> narrow.chat().completions().create(chat("claude").build())).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> bad.chat().completions().create(chat("gpt").build())).isInstanceOf(UnauthorizedException.class);
        narrow.close();
        bad.close();
    }

    @Test
    void anthropicMessagesToBothProviders() {
        for (String alias : List.of("claude", "gpt")) {
            Message m = anthropic.messages().create(MessageCreateParams.builder().model(alias).maxTokens(256).addUserMessage("Hello").build());
            m.validate();
            assertThat(m.content().get(0).text().orElseThrow().text()).as(alias).isEqualTo(TEXT16);
            assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
            assertThat(m.usage().outputTokens()).isEqualTo(16);
        }
    }

    @Test
    void anthropicStreamsAndToolUseToBothProviders() {
        Tool tool = Tool.builder().name("lookup").inputSchema(Tool.InputSchema.builder()
                .properties(JsonValue.from(Map.of("q", Map.of("type", "string")))).putAdditionalProperty("required", JsonValue.from(List.of("q"))).build()).build();
        for (String alias : List.of("claude", "gpt")) {
            MessageAccumulator acc = MessageAccumulator.create();
            try (var stream = anthropic.messages().createStreaming(MessageCreateParams.builder().model(alias).maxTokens(256).addUserMessage("Hi").build())) {
                stream.stream().forEach(acc::accumulate);
            }
            assertThat(acc.message().content().get(0).text().orElseThrow().text()).as(alias).isEqualTo(TEXT16);
            assertThat(acc.message().usage().outputTokens()).isEqualTo(16);

            Message m = anthropic.messages().create(MessageCreateParams.builder().model(alias).maxTokens(256).addTool(tool).addUserMessage("find x").build());
            ToolUseBlock use = m.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
            assertThat(use.name()).as(alias).isEqualTo("lookup");
            assertThat(m.stopReason()).hasValue(StopReason.TOOL_USE);

            MessageAccumulator toolAcc = MessageAccumulator.create();
            try (var stream = anthropic.messages().createStreaming(MessageCreateParams.builder().model(alias).maxTokens(256).addTool(tool).addUserMessage("find x").build())) {
                stream.stream().forEach(toolAcc::accumulate);
            }
            assertThat(toolAcc.message().content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse().name()).isEqualTo("lookup");
        }
    }

    @Test
    void anthropicErrorsComeInAnthropicFormat() {
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("nope").maxTokens(10).addUserMessage("x").build()))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class);
    }
}
