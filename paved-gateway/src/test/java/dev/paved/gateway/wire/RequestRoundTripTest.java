package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RequestRoundTripTest {
    private static final String OPENAI = """
            {"model":"smart","max_tokens":300,"messages":[
              {"role":"system","content":"You are a concise travel assistant."},
              {"role":"user","content":"What's the weather in San Francisco and Paris?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_gHrCmpZ2ZRThXhvsGUbfUg8T","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"location\\":\\"San Francisco, CA\\"}"}},
                {"id":"call_9VbTNGAEpnD2r1VJQ1bTjpA","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris, France\\"}"}}]},
              {"role":"tool","tool_call_id":"call_gHrCmpZ2ZRThXhvsGUbfUg8T","content":"14 C, fog"},
              {"role":"tool","tool_call_id":"call_9VbTNGAEpnD2r1VJQ1bTjpA","content":"21 C, sunny"},
              {"role":"assistant","content":"Paris is warmer."},
              {"role":"user","content":[
                {"type":"text","text":"What is in these pictures?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                {"type":"image_url","image_url":{"url":"https://example.org/b.jpg"}}]}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
               "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "parallel_tool_calls":false,
             "temperature":0.5,"top_p":0.9,"stop":["END"],"user":"u-1"}""";

    private static final String ANTHROPIC = """
            {"model":"smart","max_tokens":300,"system":"You are a concise travel assistant.","messages":[
              {"role":"user","content":"What's the weather in San Francisco and Paris?"},
              {"role":"assistant","content":[
                {"type":"text","text":"I'll check both."},
                {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"San Francisco, CA"}},
                {"type":"tool_use","id":"toolu_01B","name":"get_weather","input":{"location":"Paris, France"}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_01A","content":"14 C, fog"},
                {"type":"tool_result","tool_use_id":"toolu_01B","content":"21 C, sunny"},
                {"type":"text","text":"Which is warmer?"}]},
              {"role":"assistant","content":"Paris is warmer."}],
             "tools":[{"name":"get_weather","description":"Current weather",
               "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "temperature":0.5,"top_p":0.9,"stop_sequences":["END"],"metadata":{"user_id":"u-1"}}""";

    @Test
    void openAiThroughAnthropicAndBackKeepsTheRequest() {
        ObjectNode anthropic = WireTranslation.openAiToAnthropicRequest(Fixtures.parse(OPENAI), "claude");
        ObjectNode back = WireTranslation.anthropicToOpenAiRequest(anthropic, "smart");
        assertJson(back, OPENAI);
    }

    @Test
    void anthropicThroughOpenAiAndBackKeepsTheRequest() {
        ObjectNode openAi = WireTranslation.anthropicToOpenAiRequest(Fixtures.parse(ANTHROPIC), "gpt");
        ObjectNode back = WireTranslation.openAiToAnthropicRequest(openAi, "smart");
        assertJson(back, ANTHROPIC);
    }

    @Test
    void streamingOpenAiRequestComesBackAskingForUsage() {
        ObjectNode anthropic = WireTranslation.openAiToAnthropicRequest(Fixtures.parse(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "claude");
        assertJson(anthropic, "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"max_tokens\":4096,\"stream\":true}");
        assertJson(WireTranslation.anthropicToOpenAiRequest(anthropic, "m"), "{\"model\":\"m\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4096,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");
    }
}
