package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicToOpenAiRequestTest {
    private static ObjectNode translate(String json) {
        return WireTranslation.anthropicToOpenAiRequest(Fixtures.parse(json), "gpt-4.1");
    }

    private static ObjectNode conversation() {
        return WireTranslation.anthropicToOpenAiRequest(Fixtures.json("anthropic-request-tool-conversation.json"),
                "gpt-4.1");
    }

    @Test
    void translatesMultiTurnToolConversation() {
        assertJson(conversation().get("messages"), """
                [
                  {"role":"system","content":"You are a concise travel assistant.\\n\\nAlways answer in metric units."},
                  {"role":"user","content":"What's the weather in San Francisco and Paris?"},
                  {"role":"assistant","content":"I'll check both cities.","tool_calls":[
                    {"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function","function":{"name":"get_weather",
                     "arguments":"{\\"location\\":\\"San Francisco, CA\\",\\"unit\\":\\"celsius\\"}"}},
                    {"id":"toolu_01VbTNGAEpnD2r1VJQ1bTjpA","type":"function","function":{"name":"get_weather",
                     "arguments":"{\\"location\\":\\"Paris, France\\"}"}}]},
                  {"role":"tool","tool_call_id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","content":"14 °C, fog"},
                  {"role":"tool","tool_call_id":"toolu_01VbTNGAEpnD2r1VJQ1bTjpA","content":"21 °C\\nsunny"},
                  {"role":"user","content":[
                    {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ=="}},
                    {"type":"text","text":"Thanks! Which is warmer?"}]}
                ]""");
    }

    @Test
    void toolsAndToolChoice() {
        ObjectNode out = conversation();
        assertJson(out.get("tools"), """
                [{"type":"function","function":{"name":"get_weather",
                  "description":"Get the current weather in a given location",
                  "parameters":{"type":"object","properties":{
                    "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
                    "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}}}]""");
        assertJson(out.get("tool_choice"), "\"required\"");
        assertJson(out.get("parallel_tool_calls"), "false");
    }

    @Test
    void samplingLimitsStreamAndUser() {
        ObjectNode out = conversation();
        assertJson(out.get("model"), "\"gpt-4.1\"");
        assertJson(out.get("max_tokens"), "2048");
        assertJson(out.get("temperature"), "0.7");
        assertJson(out.get("top_p"), "0.95");
        assertJson(out.get("stop"), "[\"END\"]");
        assertJson(out.get("stream"), "true");
        assertJson(out.get("stream_options"), "{\"include_usage\":true}");
        assertJson(out.get("user"), "\"user-7781\"");
    }

    @Test
    void dropsAnthropicOnlyFieldsAndCacheControl() {
        ObjectNode out = conversation();
        assertThat(out.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("model", "messages",
                "max_tokens", "temperature", "top_p", "stop", "stream", "stream_options", "user", "tools",
                "tool_choice", "parallel_tool_calls");
        assertThat(Json.write(out)).doesNotContain("cache_control").doesNotContain("thinking").doesNotContain("top_k");
    }

    @Test
    void nonStreamingRequestDoesNotAskForStreamOptions() {
        ObjectNode out = translate("{\"model\":\"m\",\"max_tokens\":10,\"stream\":false,"
                + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertJson(out, """
                {"model":"gpt-4.1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}],
                 "max_tokens":10,"stream":false}""");
    }

    @Test
    void assistantWithOnlyToolUseHasNullContent() {
        ObjectNode out = translate("""
                {"model":"m","max_tokens":10,"messages":[
                  {"role":"user","content":"x"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":[1,2]}}]}]}""");
        assertJson(out.get("messages").get(1), """
                {"role":"assistant","content":null,"tool_calls":[
                  {"id":"toolu_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":[1,2]}"}}]}""");
    }

    @Test
    void userBlocksWithImagesAndDocuments() {
        ObjectNode out = translate("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"text","text":"Compare these."},
                  {"type":"image","source":{"type":"url","url":"https://example.org/a.png"}},
                  {"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGRg=="}},
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain words"}}]}]}""");
        assertJson(out.get("messages").get(0).get("content"), """
                [{"type":"text","text":"Compare these."},
                 {"type":"image_url","image_url":{"url":"https://example.org/a.png"}},
                 {"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGRg=="}},
                 {"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBERi0="}},
                 {"type":"text","text":"plain words"}]""");
    }

    @Test
    void toolChoiceVariants() {
        String base = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],";
        assertJson(translate(base + "\"tool_choice\":{\"type\":\"auto\"}}").get("tool_choice"), "\"auto\"");
        assertJson(translate(base + "\"tool_choice\":{\"type\":\"none\"}}").get("tool_choice"), "\"none\"");
        assertJson(translate(base + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"}}").get("tool_choice"),
                "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
        ObjectNode noChoice = translate(base + "\"temperature\":1}");
        assertThat(noChoice.has("tool_choice")).isFalse();
        assertThat(noChoice.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void missingToolResultContentIsEmptyString() {
        ObjectNode out = translate("""
                {"model":"m","max_tokens":10,"messages":[
                  {"role":"user","content":"x"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1"}]}]}""");
        JsonNode messages = out.get("messages");
        assertThat(messages).hasSize(3);
        assertJson(messages.get(2), "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"\"}");
    }

    @Test
    void serverToolsAndUnknownBlocksAreInvalidForAnOpenAiTarget() {
        assertThatThrownBy(() -> translate("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}"))
                .isInstanceOfSatisfying(PavedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("tools[0]");
                    assertThat(e.getMessage()).contains("web_search_20250305");
                });
        assertThatThrownBy(() -> translate("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"search_result\",\"source\":\"s\"}]}]}"))
                .isInstanceOfSatisfying(PavedException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].content[0].type"));
    }

    @Test
    void doesNotModifyItsInput() {
        ObjectNode in = Fixtures.json("anthropic-request-tool-conversation.json");
        ObjectNode before = in.deepCopy();
        WireTranslation.anthropicToOpenAiRequest(in, "gpt");
        assertThat(in).isEqualTo(before);
    }
}
