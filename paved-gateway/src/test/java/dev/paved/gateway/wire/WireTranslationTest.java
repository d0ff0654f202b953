package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import org.junit.jupiter.api.Test;

class WireTranslationTest {
    private static final String OPENAI_REQUEST = "{\"model\":\"smart\",\"stream\":true,\"n\":1,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void sameFormatRequestOnlySwapsTheModelInACopy() {
        ObjectNode in = Fixtures.parse(OPENAI_REQUEST);
        ObjectNode out = WireTranslation.request(WireFormat.OPENAI, WireFormat.OPENAI, in, "gpt-4.1");
        assertJson(out, OPENAI_REQUEST.replace("smart", "gpt-4.1"));
        assertJson(in.get("model"), "\"smart\"");
    }

    @Test
    void crossFormatRequestTranslates() {
        ObjectNode out = WireTranslation.request(WireFormat.OPENAI, WireFormat.ANTHROPIC, Fixtures.parse(OPENAI_REQUEST),
                "claude");
        assertJson(out, "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"max_tokens\":4096,\"stream\":true}");
        ObjectNode back = WireTranslation.request(WireFormat.ANTHROPIC, WireFormat.OPENAI, out, "gpt");
        assertJson(back.get("stream_options"), "{\"include_usage\":true}");
    }

    @Test
    void responseDispatchesOnFormats() {
        ObjectNode anthropic = Fixtures.json("anthropic-response-tools.json");
        assertThat(WireTranslation.response(WireFormat.ANTHROPIC, WireFormat.ANTHROPIC, anthropic, "a")).isSameAs(anthropic);
        assertJson(WireTranslation.response(WireFormat.ANTHROPIC, WireFormat.OPENAI, anthropic, "a").get("object"),
                "\"chat.completion\"");
        assertJson(WireTranslation.response(WireFormat.OPENAI, WireFormat.ANTHROPIC,
                Fixtures.json("openai-response-tools.json"), "a").get("type"), "\"message\"");
    }

    @Test
    void errorBodyUsesTheClientFormat() {
        PavedException e = new PavedException(ErrorKind.NOT_FOUND, "no alias 'x'", "model", "model_not_found");
        assertJson(WireTranslation.errorBody(WireFormat.OPENAI, e), "{\"error\":{\"message\":\"no alias 'x'\","
                + "\"type\":\"not_found_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}");
        assertJson(WireTranslation.errorBody(WireFormat.ANTHROPIC, e),
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no alias 'x'\"}}");
    }

    @Test
    void jsonBytesAreCompactUtf8() {
        assertThat(new String(Json.bytes(Json.object().put("t", "wörld")), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"t\":\"wörld\"}");
    }
}
