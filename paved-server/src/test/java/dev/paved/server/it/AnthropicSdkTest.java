package dev.paved.server.it;

import static dev.paved.server.it.GatewayFixture.TEXT16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.fake.RecordedRequest;
import dev.paved.server.telemetry.Tracing;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official anthropic-java SDK, unmodified, against Paved. Alias {@code claude} is an Anthropic-type
 * provider (passed through); alias {@code gpt} is an OpenAI-type provider, so calls to it are translated.
 */
@Timeout(60)
class AnthropicSdkTest {
    private static GatewayFixture gw;
    private static AnthropicClient anthropic;
    private static AnthropicClient narrow;
    private static AnthropicClient bad;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(Tracing.off(), 8 << 20);
        anthropic = client(gw.key);
        narrow = client(gw.restrictedKey);
        bad = client("pk_wrong_key_0000");
    }

    @AfterAll
    static void stop() {
        for (AnthropicClient c : new AnthropicClient[] {anthropic, narrow, bad}) {
            if (c != null) {
                c.close();
            }
        }
        if (gw != null) {
            gw.close();
        }
    }

    private static AnthropicClient client(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(gw.base).apiKey(key).maxRetries(0).build();
    }

    private static MessageCreateParams.Builder msg(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("Hello there");
    }

    private static Tool lookup() {
        return Tool.builder().name("lookup").description("Look something up")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("q", Map.of("type", "string"), "limit", Map.of("type", "integer"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("q", "limit")))
                        .build())
                .build();
    }

    private static RecordedRequest lastUpstream(String path, String marker) {
        return gw.fake.recentRequests().stream().filter(r -> r.path().equals(path) && r.body().contains(marker))
                .reduce((a, b) -> b.sequence() > a.sequence() ? b : a).orElseThrow();
    }

    private static String type(RawMessageStreamEvent e) {
        if (e.isMessageStart()) {
            return "message_start";
        } else if (e.isContentBlockStart()) {
            return "content_block_start";
        } else if (e.isContentBlockDelta()) {
            return "content_block_delta";
        } else if (e.isContentBlockStop()) {
            return "content_block_stop";
        } else if (e.isMessageDelta()) {
            return "message_delta";
        } else if (e.isMessageStop()) {
            return "message_stop";
        }
        return "other";
    }

    /** message_start, then per block start/delta+/stop, then message_delta, message_stop. */
    private static void assertWellFormedSequence(List<String> types, int blocks) {
        assertThat(types).as(types.toString()).first().isEqualTo("message_start");
        assertThat(types.subList(types.size() - 2, types.size())).as(types.toString()).containsExactly("message_delta", "message_stop");
        List<String> middle = types.subList(1, types.size() - 2);
        int started = 0;
        boolean open = false;
        for (String t : middle) {
            switch (t) {
                case "content_block_start" -> {
                    assertThat(open).as(types.toString()).isFalse();
                    open = true;
                    started++;
                }
                case "content_block_delta" -> assertThat(open).as(types.toString()).isTrue();
                case "content_block_stop" -> {
                    assertThat(open).as(types.toString()).isTrue();
                    open = false;
                }
                default -> throw new AssertionError("unexpected " + t + " in " + types);
            }
        }
        assertThat(open).isFalse();
        assertThat(started).as(types.toString()).isEqualTo(blocks);
        assertThat(types).contains("content_block_delta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "gpt"})
    void messagesNonStream(String alias) {
        String marker = "plain-" + alias;
        Message m = anthropic.messages().create(MessageCreateParams.builder().model(alias).maxTokens(256)
                .system("Be brief.").addUserMessage("Hello " + marker).build());
        m.validate();
        assertThat(m.id()).isNotBlank();
        assertThat(m.content()).hasSize(1);
        assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo(TEXT16);
        assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isEqualTo(16);
        assertThat(m.usage().inputTokens()).isPositive();
        assertThat(m.model().asString()).isEqualTo(alias.equals("gpt") ? "fake-gpt" : "fake-claude");
        if (alias.equals("gpt")) {
            JsonNode sent = lastUpstream("/v1/chat/completions", marker).json();
            assertThat(sent.get("model").asText()).isEqualTo("fake-gpt");
            assertThat(sent.get("messages").get(0).get("role").asText()).isEqualTo("system");
            assertThat(sent.get("messages").get(0).toString()).contains("Be brief.");
            assertThat(sent.get("messages").get(1).get("role").asText()).isEqualTo("user");
        } else {
            RecordedRequest sent = lastUpstream("/v1/messages", marker);
            assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-upstream");
            assertThat(sent.json().get("model").asText()).isEqualTo("fake-claude");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "gpt"})
    void maxTokensCutsTheAnswerWithStopReasonMaxTokens(String alias) {
        Message m = anthropic.messages().create(MessageCreateParams.builder().model(alias).maxTokens(4).addUserMessage("Hi").build());
        assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo("lorem ipsum dolor sit ");
        assertThat(m.stopReason()).hasValue(StopReason.MAX_TOKENS);
        assertThat(m.usage().outputTokens()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "gpt"})
    void streamDeliversTheFullEventSequence(String alias) {
        MessageAccumulator acc = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        try (var stream = anthropic.messages().createStreaming(msg(alias).build())) {
            stream.stream().forEach(e -> {
                types.add(type(e));
                acc.accumulate(e);
            });
        }
        assertWellFormedSequence(types, 1);
        Message m = acc.message();
        assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo(TEXT16);
        assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isEqualTo(16);
        assertThat(m.usage().inputTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "gpt"})
    void streamOnTheWireNamesEveryEventAfterItsType(String alias) {
        HttpResponse<String> r = gw.messages(gw.key,
                "{\"model\":\"" + alias + "\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<String> types = new ArrayList<>();
        for (GatewayFixture.Sse ev : GatewayFixture.sse(r.body())) {
            assertThat(ev.event()).as(r.body()).isNotNull();
            assertThat(ev.json().get("type").asText()).as("event name matches data type").isEqualTo(ev.event());
            if (!ev.event().equals("ping")) {
                types.add(ev.event());
            }
        }
        assertWellFormedSequence(types, 1);
        assertThat(r.body()).doesNotContain("[DONE]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "gpt"})
    void toolUseRoundTrip(String alias) {
        MessageCreateParams first = MessageCreateParams.builder().model(alias).maxTokens(256).addTool(lookup())
                .addUserMessage("find x").build();
        Message m = anthropic.messages().create(first);
        m.validate();
        assertThat(m.stopReason()).hasValue(StopReason.TOOL_USE);
        ToolUseBlock use = m.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(use.id()).isNotBlank();
        assertThat(use.name()).isEqualTo("lookup");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("q", "fake", "limit", 1));

        String marker = "result-" + alias;
        Message answer = anthropic.messages().create(MessageCreateParams.builder().model(alias).maxTokens(256).addTool(lookup())
                .addUserMessage("find x")
                .addMessage(m)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content(marker + " found").build())))
                .build());
        assertThat(answer.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(answer.content().get(0).text().orElseThrow().text()).isEqualTo(TEXT16);
        if (alias.equals("gpt")) {
            // OpenAI form: an assistant message with tool_calls, then a tool message answering that id.
            JsonNode msgs = lastUpstream("/v1/chat/completions", marker).json().get("messages");
            JsonNode assistant = msgs.get(msgs.size() - 2);
            JsonNode tool = msgs.get(msgs.size() - 1);
            assertThat(assistant.get("role").asText()).isEqualTo("assistant");
            JsonNode call = assistant.get("tool_calls").get(0);
            assertThat(call.get("id").asText()).isEqualTo(use.id());
            assertThat(call.get("function").get("name").asText()).isEqualTo("lookup");
            assertThat(tool.get("role").asText()).isEqualTo("tool");
            assertThat(tool.get("tool_call_id").asText()).isEqualTo(use.id());
            assertThat(tool.get("content").toString()).contains(marker);
        }

        MessageAccumulator acc = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        try (var stream = anthropic.messages().createStreaming(first)) {
            stream.stream().forEach(e -> {
                types.add(type(e));
                acc.accumulate(e);
            });
        }
        assertThat(types).first().isEqualTo("message_start");
        assertThat(types).last().isEqualTo("message_stop");
        Message streamed = acc.message();
        assertThat(streamed.stopReason()).hasValue(StopReason.TOOL_USE);
        ToolUseBlock streamedUse = streamed.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(streamedUse.name()).isEqualTo("lookup");
        assertThat(streamedUse._input().convert(Map.class)).isEqualTo(Map.of("q", "fake", "limit", 1));
    }

    @Test
    void errorsAreTypedBySdk() {
        assertThatThrownBy(() -> anthropic.messages().create(msg("no-such-model").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorType()).hasValue(ErrorType.NOT_FOUND_ERROR);
                });
        assertThatThrownBy(() -> narrow.messages().create(msg("claude").build()))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.errorType()).hasValue(ErrorType.PERMISSION_ERROR);
                });
        assertThat(narrow.messages().create(msg("gpt").build()).content()).isNotEmpty();
        assertThatThrownBy(() -> bad.messages().create(msg("claude").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.errorType()).hasValue(ErrorType.AUTHENTICATION_ERROR);
                });
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("claude").maxTokens(0)
                .addUserMessage("x").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.errorType()).hasValue(ErrorType.INVALID_REQUEST_ERROR));
    }
}
