package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestValidationTest {
    private static final String CHAT_OK = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static void assertInvalid(Consumer<com.fasterxml.jackson.databind.JsonNode> check, String body,
                                      String param, String messagePart) {
        assertThatThrownBy(() -> check.accept(Json.parseOrNull(body)))
                .isInstanceOfSatisfying(PavedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    @Test
    void acceptsRealisticRequests() {
        assertThatCode(() -> OpenAiRequests.validateChat(Fixtures.json("openai-request-tool-conversation.json")))
                .doesNotThrowAnyException();
        assertThatCode(() -> AnthropicRequests.validateMessages(Fixtures.json("anthropic-request-tool-conversation.json")))
                .doesNotThrowAnyException();
        assertThatCode(() -> OpenAiRequests.validateChat(Json.parseOrNull(CHAT_OK
                + ",\"n\":1,\"max_tokens\":null,\"stream\":null}"))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1,2]| | JSON object",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model|model is required",
        "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model|string",
        "{\"model\":\"m\"}|messages|non-empty array",
        "{\"model\":\"m\",\"messages\":[]}|messages|non-empty array",
        "{\"model\":\"m\",\"messages\":[\"hi\"]}|messages[0]|object",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}|messages[0].role|one of",
        "{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}|messages[0].role|one of",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages[0].content|string or an array",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}|messages[0].content|string or an array",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].tool_call_id|tool_call_id",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}|n|n must be 1",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}|max_tokens|positive integer",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}|max_tokens|positive integer",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":\"9\"}|max_completion_tokens|positive integer",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"true\"}|stream|true or false"})
    void rejectsBadChatRequests(String body, String param, String messagePart) {
        assertInvalid(OpenAiRequests::validateChat, body, param, messagePart);
    }

    @Test
    void assistantContentMayBeNullInChat() {
        assertThatCode(() -> OpenAiRequests.validateChat(Json.parseOrNull("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}]}")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"text\"| | JSON object",
        "{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model|model is required",
        "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}|messages|non-empty array",
        "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}|messages[0].role|top-level system",
        "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].role|user, assistant",
        "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":null}]}|messages[0].content|string or an array",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|max_tokens|required",
        "{\"model\":\"m\",\"max_tokens\":-3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|max_tokens|positive integer",
        "{\"model\":\"m\",\"max_tokens\":5,\"stream\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|stream|true or false"})
    void rejectsBadMessagesRequests(String body, String param, String messagePart) {
        assertInvalid(AnthropicRequests::validateMessages, body, param, messagePart);
    }

    @Test
    void acceptsEveryEmbeddingsInputShape() {
        for (String input : new String[] {"\"one text\"", "[\"a\",\"b\"]", "[1,2,3]", "[[1,2],[3]]"}) {
            assertThatCode(() -> OpenAiRequests.validateEmbeddings(Json.parseOrNull(
                    "{\"model\":\"e\",\"input\":" + input + "}"))).as(input).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"input\":\"x\"}|model|model is required",
        "{\"model\":\"e\"}|input|input is required",
        "{\"model\":\"e\",\"input\":\"\"}|input|empty string",
        "{\"model\":\"e\",\"input\":[]}|input|input is required",
        "{\"model\":\"e\",\"input\":{\"text\":\"x\"}}|input|input is required",
        "{\"model\":\"e\",\"input\":[\"a\",2]}|input[1]|non-empty string",
        "{\"model\":\"e\",\"input\":[\"a\",\"\"]}|input[1]|non-empty string",
        "{\"model\":\"e\",\"input\":[1,-2]}|input[1]|token id",
        "{\"model\":\"e\",\"input\":[[1],[]]}|input[1]|token ids",
        "{\"model\":\"e\",\"input\":[true]}|input[0]|a string, a token id"})
    void rejectsBadEmbeddingsRequests(String body, String param, String messagePart) {
        assertInvalid(OpenAiRequests::validateEmbeddings, body, param, messagePart);
    }
}
