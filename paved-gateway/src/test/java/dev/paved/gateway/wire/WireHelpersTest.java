package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireHelpersTest {
    @Test
    void dataUrlParsesBase64UrlsOnly() {
        assertThat(DataUrl.parse("data:image/png;base64,iVBORw0KGgo=")).isEqualTo(new DataUrl("image/png", "iVBORw0KGgo="));
        assertThat(DataUrl.parse("DATA:image/jpeg;name=a.jpg;BASE64,/9j/")).isEqualTo(new DataUrl("image/jpeg", "/9j/"));
        assertThat(DataUrl.parse("data:;base64,AAAA")).isEqualTo(new DataUrl("application/octet-stream", "AAAA"));
        assertThat(DataUrl.parse("data:text/plain,hello;base64,x")).isNull();
        assertThat(DataUrl.parse("https://example.org/a.png")).isNull();
        assertThat(DataUrl.parse(null)).isNull();
        assertThat(new DataUrl("image/gif", "R0lG").format()).isEqualTo("data:image/gif;base64,R0lG");
    }

    @Test
    void idsConvertBetweenFormats() {
        assertThat(WireIds.openAiFromAnthropic("msg_01XF")).isEqualTo("chatcmpl-01XF");
        assertThat(WireIds.anthropicFromOpenAi("chatcmpl-B9MH")).isEqualTo("msg_B9MH");
        assertThat(WireIds.anthropicFromOpenAi("cmpl-7")).isEqualTo("msg_cmpl-7");
        assertThat(WireIds.openAiFromAnthropic(null)).startsWith("chatcmpl-").hasSize(33);
        assertThat(WireIds.anthropicFromOpenAi("")).startsWith("msg_").hasSize(28);
    }

    @Test
    void toolUseIdsAreSanitisedDeterministically() {
        assertThat(WireIds.toolUseId("call_abc-9")).isEqualTo("call_abc-9");
        assertThat(WireIds.toolUseId("fc.1:2 x")).isEqualTo("fc_1_2_x");
        assertThat(WireIds.toolUseId(null)).startsWith("toolu_");
        assertThat(WireIds.toolUseId(null)).isNotEqualTo(WireIds.toolUseId(null));
    }

    @Test
    void toolArgumentsParseToObjectsOrEmpty() {
        assertJson(ToolArguments.parse("{\"a\":1}"), "{\"a\":1}");
        assertJson(ToolArguments.parse(""), "{}");
        assertJson(ToolArguments.parse("{\"a\":"), "{}");
        assertJson(ToolArguments.parse("[1]"), "{}");
        assertThat(ToolArguments.write(Json.object().put("b", true))).isEqualTo("{\"b\":true}");
        assertThat(ToolArguments.write(null)).isEqualTo("{}");
    }

    @Test
    void jsonScanFindsKeysNotValues() {
        String json = "{\"finish_reason\":\"tool_calls\",\"delta\":{\"tool_calls\" : [ {\"index\":0} ]}}";
        assertThat(JsonScan.valueStartsWith(json, "\"tool_calls\"", '[')).isTrue();
        assertThat(JsonScan.valueStartsWith(json, "\"finish_reason\"", '"')).isTrue();
        assertThat(JsonScan.hasNonEmptyString("{\"content\":\"\"}", "\"content\"")).isFalse();
        assertThat(JsonScan.hasNonEmptyString("{\"content\": \"x\"}", "\"content\"")).isTrue();
        assertThat(JsonScan.hasNonEmptyString("{\"content\":null}", "\"content\"")).isFalse();
        assertThat(JsonScan.valueStart("{\"usage\"", "\"usage\"")).isEqualTo(-1);
    }

    @Test
    void stopReasonsMapUnknownValuesToDefaults() {
        assertThat(StopReasons.toOpenAi(null)).isEqualTo("stop");
        assertThat(StopReasons.toOpenAi("something_new")).isEqualTo("stop");
        assertThat(StopReasons.toAnthropic(null)).isEqualTo("end_turn");
        assertThat(StopReasons.toAnthropic("something_new")).isEqualTo("end_turn");
    }
}
