package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import org.junit.jupiter.api.Test;

class OpenAiToAnthropicRequestTest {
    private static ObjectNode translate(String json) {
        return WireTranslation.openAiToAnthropicRequest(Fixtures.parse(json), "claude-sonnet-4-5");
    }

    private static ObjectNode conversation() {
        return WireTranslation.openAiToAnthropicRequest(Fixtures.json("openai-request-tool-conversation.json"),
                "claude-sonnet-4-5");
    }

    @Test
    void systemAndDeveloperMessagesBecomeTopLevelSystem() {
        assertThat(conversation().get("system").textValue())
                .isEqualTo("You are a concise travel assistant.\n\nAlways answer in metric units.");
    }

    @Test
    void translatesMultiTurnToolConversation() {
        JsonNode messages = conversation().get("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0)).isEqualTo(Fixtures.parse(
                "{\"role\":\"user\",\"content\":\"What's the weather in San Francisco and Paris?\"}"));
        assertThat(messages.get(1)).isEqualTo(Fixtures.parse("""
                {"role":"assistant","content":[
                  {"type":"tool_use","id":"call_gHrCmpZ2ZRThXhvsGUbfUg8T","name":"get_weather",
                   "input":{"location":"San Francisco, CA","unit":"celsius"}},
                  {"type":"tool_use","id":"call_9VbTNGAEpnD2r1VJQ1bTjpA","name":"get_weather",
                   "input":{"location":"Paris, France"}}]}"""));
        assertThat(messages.get(2)).isEqualTo(Fixtures.parse("""
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"call_gHrCmpZ2ZRThXhvsGUbfUg8T",
                   "content":"{\\"temperature\\": 14, \\"conditions\\": \\"fog\\"}"},
                  {"type":"tool_result","tool_use_id":"call_9VbTNGAEpnD2r1VJQ1bTjpA",
                   "content":"{\\"temperature\\": 21, \\"conditions\\": \\"sunny\\"}"}]}"""));
        assertThat(messages.get(3)).isEqualTo(Fixtures.parse(
                "{\"role\":\"assistant\",\"content\":\"San Francisco: 14 °C and foggy. Paris: 21 °C and sunny.\"}"));
    }

    @Test
    void imagesBecomeBase64OrUrlSources() {
        JsonNode content = conversation().get("messages").get(4).get("content");
        assertThat(content).isEqualTo(Fixtures.parse("""
                {"c":[
                  {"type":"text","text":"And what is in this picture?"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png",
                   "data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}},
                  {"type":"image","source":{"type":"url","url":"https://upload.example.org/photos/golden-gate.jpg"}}]}""")
                .get("c"));
    }

    @Test
    void toolsBecomeInputSchemasAndRequiredBecomesAny() {
        ObjectNode out = conversation();
        assertThat(out.get("tools")).isEqualTo(Fixtures.parse("""
                {"t":[
                  {"name":"get_weather","description":"Get the current weather in a given location",
                   "input_schema":{"type":"object","properties":{
                     "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
                     "unit":{"type":"string","enum":["celsius","fahrenheit"]}},
                     "required":["location"],"additionalProperties":false}},
                  {"name":"get_time","input_schema":{"type":"object","properties":{}}}]}""").get("t"));
        assertThat(out.get("tool_choice")).isEqualTo(Fixtures.parse("{\"type\":\"any\"}"));
    }

    @Test
    void samplingLimitsAndMetadata() {
        ObjectNode out = conversation();
        assertThat(out.get("model").textValue()).isEqualTo("claude-sonnet-4-5");
        assertThat(out.get("max_tokens").longValue()).isEqualTo(1024);
        assertThat(out.get("temperature").doubleValue()).isEqualTo(1.0);
        assertThat(out.get("top_p").doubleValue()).isEqualTo(0.9);
        assertThat(out.get("stop_sequences")).isEqualTo(Json.array().add("\n\nHuman:").add("END"));
        assertThat(out.get("stream").booleanValue()).isTrue();
        assertThat(out.get("metadata")).isEqualTo(Fixtures.parse("{\"user_id\":\"user-7781\"}"));
    }

    @Test
    void dropsFieldsAnthropicDoesNotKnow() {
        assertThat(conversation().properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("model", "system", "messages", "max_tokens", "temperature", "top_p",
                        "stop_sequences", "stream", "metadata", "tools", "tool_choice");
    }

    @Test
    void maxTokensFallsBackToMaxTokensThenDefault() {
        assertThat(translate("{\"model\":\"m\",\"max_tokens\":77,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .get("max_tokens").longValue()).isEqualTo(77);
        assertThat(translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .get("max_tokens").longValue()).isEqualTo(4096);
    }

    @Test
    void temperatureWithinRangePassesThroughAndStopStringBecomesList() {
        ObjectNode out = translate("{\"model\":\"m\",\"temperature\":0.2,\"stop\":\"###\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(out.get("temperature").doubleValue()).isEqualTo(0.2);
        assertThat(out.get("stop_sequences")).isEqualTo(Json.array().add("###"));
        assertThat(out.has("system")).isFalse();
        assertThat(out.has("stream")).isFalse();
    }

    @Test
    void consecutiveSameRoleMessagesAreMerged() {
        ObjectNode out = translate("""
                {"model":"m","messages":[
                  {"role":"user","content":"first"},
                  {"role":"user","content":[{"type":"text","text":"second"}]},
                  {"role":"assistant","content":"a"},
                  {"role":"assistant","content":"b"}]}""");
        assertThat(out.get("messages")).isEqualTo(Fixtures.parse("""
                {"m":[
                  {"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":"second"}]},
                  {"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}""")
                .get("m"));
    }

    @Test
    void toolResultsMergeWithFollowingUserTextAfterThem() {
        ObjectNode out = translate("""
                {"model":"m","messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","content":"Checking.","tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"w","arguments":""}}]},
                  {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"sunny"}]},
                  {"role":"user","content":"thanks"}]}""");
        JsonNode messages = out.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1)).isEqualTo(Fixtures.parse("""
                {"role":"assistant","content":[{"type":"text","text":"Checking."},
                  {"type":"tool_use","id":"call_1","name":"w","input":{}}]}"""));
        assertThat(messages.get(2)).isEqualTo(Fixtures.parse("""
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"sunny"}]},
                  {"type":"text","text":"thanks"}]}"""));
    }

    @Test
    void toolCallIdsAreMadeSafeForAnthropicTheSameWayOnBothSides() {
        ObjectNode out = translate("""
                {"model":"m","messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","tool_calls":[
                    {"id":"call:1/a","type":"function","function":{"name":"w","arguments":"[1]"}}]},
                  {"role":"tool","tool_call_id":"call:1/a","content":"ok"}]}""");
        JsonNode messages = out.get("messages");
        assertThat(messages.get(1).get("content").get(0).get("id").textValue()).isEqualTo("call_1_a");
        assertThat(messages.get(1).get("content").get(0).get("input")).isEqualTo(Json.object());
        assertThat(messages.get(2).get("content").get(0).get("tool_use_id").textValue()).isEqualTo("call_1_a");
    }

    @Test
    void toolChoiceVariants() {
        String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],";
        assertThat(translate(base + "\"tool_choice\":\"auto\"}").get("tool_choice"))
                .isEqualTo(Fixtures.parse("{\"type\":\"auto\"}"));
        assertThat(translate(base + "\"tool_choice\":\"none\"}").get("tool_choice"))
                .isEqualTo(Fixtures.parse("{\"type\":\"none\"}"));
        assertThat(translate(base + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}")
                .get("tool_choice")).isEqualTo(Fixtures.parse("{\"type\":\"tool\",\"name\":\"f\"}"));
        assertThat(translate(base + "\"parallel_tool_calls\":false}").get("tool_choice"))
                .isEqualTo(Fixtures.parse("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(translate(base + "\"tool_choice\":\"required\",\"parallel_tool_calls\":false}").get("tool_choice"))
                .isEqualTo(Fixtures.parse("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
        assertThat(translate(base + "\"tool_choice\":\"none\",\"parallel_tool_calls\":false}").get("tool_choice"))
                .isEqualTo(Fixtures.parse("{\"type\":\"none\"}"));
    }

    @Test
    void toolChoiceWithoutToolsIsDropped() {
        ObjectNode out = translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[],\"tool_choice\":\"required\"}");
        assertThat(out.has("tools")).isFalse();
        assertThat(out.has("tool_choice")).isFalse();
    }

    @Test
    void jsonObjectResponseFormatAddsInstructionToSystem() {
        ObjectNode out = translate("{\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"},\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"x\"}]}");
        String system = out.get("system").textValue();
        assertThat(system).startsWith("Be brief.\n\n").contains("exactly one JSON object");
        assertThat(out.has("response_format")).isFalse();
    }

    @Test
    void jsonSchemaResponseFormatEmbedsTheSchema() {
        ObjectNode out = translate("""
                {"model":"m","messages":[{"role":"user","content":"x"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,
                   "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}}""");
        String system = out.get("system").textValue();
        assertThat(system).contains("exactly one JSON object").contains("\"city\"")
                .endsWith("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
    }

    @Test
    void textResponseFormatChangesNothing() {
        ObjectNode out = translate("{\"model\":\"m\",\"response_format\":{\"type\":\"text\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(out.has("system")).isFalse();
    }

    @Test
    void assistantRefusalAndEmptyMessagesAreHandled() {
        ObjectNode out = translate("""
                {"model":"m","messages":[
                  {"role":"user","content":"x"},
                  {"role":"assistant","content":null,"refusal":"I can't help with that."},
                  {"role":"user","content":"y"},
                  {"role":"assistant","content":""},
                  {"role":"user","content":"z"}]}""");
        JsonNode messages = out.get("messages");
        assertThat(messages.get(1)).isEqualTo(Fixtures.parse(
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"I can't help with that.\"}]}"));
        assertThat(messages.get(2)).isEqualTo(Fixtures.parse(
                "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"y\"},{\"type\":\"text\",\"text\":\"z\"}]}"));
        assertThat(messages).hasSize(3);
    }

    @Test
    void pdfFileDataBecomesDocument() {
        ObjectNode out = translate("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQK"}}]}]}""");
        assertThat(out.get("messages").get(0).get("content").get(0)).isEqualTo(Fixtures.parse(
                "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\","
                        + "\"data\":\"JVBERi0xLjQK\"}}"));
    }

    @Test
    void untranslatableContentIsAnInvalidRequestNamingTheField() {
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
                + "\"input_audio\":{\"data\":\"AAA\",\"format\":\"wav\"}}]}]}", "messages[0].content[0]");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png,rawbytes\"}}]}]}", "messages[0].content[0].image_url.url");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]}",
                "messages[0].role");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"c\"}}]}", "tools[0].type");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"xml\"}}", "response_format.type");
    }

    private static void assertInvalid(String json, String param) {
        assertThatThrownBy(() -> translate(json)).isInstanceOfSatisfying(PavedException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void doesNotModifyItsInput() {
        ObjectNode in = Fixtures.json("openai-request-tool-conversation.json");
        ObjectNode before = in.deepCopy();
        WireTranslation.openAiToAnthropicRequest(in, "claude");
        assertThat(in).isEqualTo(before);
    }
}
