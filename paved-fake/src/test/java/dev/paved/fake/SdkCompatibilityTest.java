package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.core.type.TypeReference;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official OpenAI and Anthropic Java SDKs, unmodified, against the fake. */
@Timeout(60)
class SdkCompatibilityTest {

  private static FakeProvider provider;
  private static OpenAIClient openAi;
  private static AnthropicClient anthropic;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start(FakeOptions.defaults().withRequireApiKey(true));
    openAi = OpenAIOkHttpClient.builder().baseUrl(provider.openAiBaseUrl()).apiKey("sk-test").maxRetries(2).build();
    anthropic = AnthropicOkHttpClient.builder().baseUrl(provider.anthropicBaseUrl()).apiKey("sk-ant-test")
        .maxRetries(2).build();
  }

  @AfterAll
  static void stop() {
    openAi.close();
    anthropic.close();
    provider.close();
  }

  @BeforeEach
  void clean() {
    provider.faults().clear();
    provider.resetStats();
  }

  private static ChatCompletionCreateParams.Builder chat() {
    return ChatCompletionCreateParams.builder().model("fake-gpt").addUserMessage("Say hello in one sentence.");
  }

  private static MessageCreateParams.Builder message() {
    return MessageCreateParams.builder().model("fake-claude").maxTokens(256).addUserMessage("Hello there");
  }

  @Test
  void openAiChatCompletion() {
    ChatCompletion completion = openAi.chat().completions().create(chat().build());

    completion.validate();
    assertThat(completion.model()).isEqualTo("fake-gpt");
    assertThat(completion.choices().get(0).message().content()).hasValue(CannedText.text(16));
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(16);
    assertThat(provider.recentRequests().get(0).header("authorization")).isEqualTo("Bearer sk-test");
  }

  @Test
  void openAiStreamAccumulatesToTheSameAnswer() {
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    ChatCompletionCreateParams params = chat()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    try (var stream = openAi.chat().completions().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }

    ChatCompletion completion = accumulator.chatCompletion();
    assertThat(completion.choices().get(0).message().content()).hasValue(CannedText.text(16));
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(16 + 5);
  }

  @Test
  void openAiStreamedToolCall() {
    FunctionDefinition function = FunctionDefinition.builder().name("get_weather")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
            .putAdditionalProperty("properties", com.openai.core.JsonValue.from(
                Map.of("city", Map.of("type", "string"), "days", Map.of("type", "integer"))))
            .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of("city", "days")))
            .build())
        .build();
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
             openAi.chat().completions().createStreaming(chat().addFunctionTool(function).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    ChatCompletionMessageFunctionToolCall call =
        accumulator.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).startsWith("call_");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(FakeHttp.json(call.function().arguments()).get("city").asText()).isEqualTo("fake");
    assertThat(FakeHttp.json(call.function().arguments()).get("days").asInt()).isEqualTo(1);
  }

  @Test
  void openAiEmbeddings() {
    CreateEmbeddingResponse response = openAi.embeddings().create(EmbeddingCreateParams.builder()
        .model("fake-embed").input("the quick brown fox").dimensions(64).build());

    List<Float> vector = response.data().get(0).embedding();
    double norm = Math.sqrt(vector.stream().mapToDouble(value -> value * value).sum());
    assertThat(vector).hasSize(64);
    assertThat(norm).isBetween(0.9999, 1.0001);
    assertThat(response.usage().promptTokens()).isEqualTo(4);
  }

  @Test
  void openAiRetriesInjected503sAndEachAttemptIsCounted() {
    provider.faults().failNext(2, "status=503,retry-after-ms=1");

    ChatCompletion completion = openAi.chat().completions().create(chat().build());

    assertThat(completion.choices()).hasSize(1);
    assertThat(provider.stats().requests("/v1/chat/completions")).isEqualTo(3);
    assertThat(provider.stats().faults("status=503")).isEqualTo(2);
  }

  @Test
  void openAiSurfacesARateLimitWhenRetriesRunOut() {
    provider.faults().failUntilCleared("status=429,retry-after-ms=1");

    assertThatThrownBy(() -> openAi.chat().completions().create(chat().build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
    assertThat(provider.stats().requests("/v1/chat/completions")).isEqualTo(3);
  }

  @Test
  void anthropicMessage() {
    Message reply = anthropic.messages().create(message().build());

    reply.validate();
    assertThat(reply.content().get(0).text().orElseThrow().text()).isEqualTo(CannedText.text(16));
    assertThat(reply.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(reply.usage().outputTokens()).isEqualTo(16);
    assertThat(reply.usage().inputTokens()).isEqualTo(2);
    RecordedRequest sent = provider.recentRequests().get(0);
    assertThat(sent.header("x-api-key") != null ? sent.header("x-api-key") : sent.header("authorization"))
        .endsWith("sk-ant-test");
    assertThat(sent.header("anthropic-version")).isNotBlank();
  }

  @Test
  void anthropicStreamAccumulatesToolUse() {
    Tool tool = Tool.builder().name("lookup")
        .inputSchema(Tool.InputSchema.builder()
            .properties(Tool.InputSchema.Properties.builder()
                .putAdditionalProperty("query", JsonValue.from(Map.of("type", "string"))).build())
            .required(List.of("query"))
            .build())
        .build();
    MessageAccumulator accumulator = MessageAccumulator.create();

    try (StreamResponse<RawMessageStreamEvent> stream =
             anthropic.messages().createStreaming(message().addTool(tool).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message reply = accumulator.message();
    ToolUseBlock use = reply.content().get(0).toolUse().orElseThrow();
    assertThat(use.name()).isEqualTo("lookup");
    assertThat(use.id()).startsWith("toolu_");
    Map<String, Object> input = use._input().convert(new TypeReference<Map<String, Object>>() { });
    assertThat(input).containsEntry("query", "fake");
    assertThat(reply.stopReason()).hasValue(StopReason.TOOL_USE);
  }

  @Test
  void anthropicStreamText() {
    MessageAccumulator accumulator = MessageAccumulator.create();

    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(message().build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message reply = accumulator.message();
    assertThat(reply.content().get(0).text().orElseThrow().text()).isEqualTo(CannedText.text(16));
    assertThat(reply.usage().outputTokens()).isEqualTo(16);
  }

  @Test
  void anthropicRetriesOverloaded() {
    provider.faults().add(FaultRule.nextRequests(1, FaultSpec.status(529).withRetryAfterMs(1)));

    Message reply = anthropic.messages().create(message().build());

    assertThat(reply.content()).hasSize(1);
    assertThat(provider.stats().requests("/v1/messages")).isEqualTo(2);
    assertThat(provider.stats().faults("status=529")).isEqualTo(1);
  }
}
