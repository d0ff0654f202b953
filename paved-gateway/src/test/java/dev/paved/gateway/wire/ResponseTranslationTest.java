package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseTranslationTest {
    @Test
    void anthropicToolUseResponseBecomesChatCompletion() {
        ObjectNode out = AnthropicToOpenAiResponse.translate(Fixtures.json("anthropic-response-tools.json"), "smart",
                1744120001L);
        assertJson(out, """
                {"id":"chatcmpl-01Aq9w938a90dw8q","object":"chat.completion","created":1744120001,"model":"smart",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"I'll check both cities.","refusal":null,
                   "tool_calls":[
                     {"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function","function":{"name":"get_weather",
                      "arguments":"{\\"location\\":\\"San Francisco, CA\\",\\"unit\\":\\"celsius\\"}"}},
                     {"id":"toolu_01VbTNGAEpnD2r1VJQ1bTjpA","type":"function","function":{"name":"get_time",
                      "arguments":"{}"}}]},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":3584,"completion_tokens":97,"total_tokens":3681,
                   "prompt_tokens_details":{"cached_tokens":2048}}}""");
    }

    @Test
    void anthropicTextBlocksAreJoinedAndThinkingDropped() {
        ObjectNode out = WireTranslation.anthropicToOpenAiResponse(Fixtures.parse("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[
                  {"type":"thinking","thinking":"hmm","signature":"sig"},
                  {"type":"text","text":"Hello, "},{"type":"text","text":"world."}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":4}}"""),
                "alias");
        assertJson(out.get("choices").get(0).get("message"),
                "{\"role\":\"assistant\",\"content\":\"Hello, world.\",\"refusal\":null}");
        assertThat(out.get("created").longValue()).isPositive();
        assertJson(out.get("model"), "\"alias\"");
    }

    @Test
    void anthropicOnlyToolUseGivesNullContentAndEmptyGivesEmptyString() {
        ObjectNode tools = WireTranslation.anthropicToOpenAiResponse(Fixtures.parse("""
                {"id":"msg_2","content":[{"type":"tool_use","id":"toolu_9","name":"f","input":{"x":1}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}"""), "a");
        assertJson(tools.get("choices").get(0).get("message").get("content"), "null");
        ObjectNode empty = WireTranslation.anthropicToOpenAiResponse(Fixtures.parse("""
                {"id":"msg_3","content":[],"stop_reason":"max_tokens","usage":{"input_tokens":1,"output_tokens":0}}"""),
                "a");
        assertJson(empty.get("choices").get(0).get("message").get("content"), "\"\"");
        assertJson(empty.get("choices").get(0).get("finish_reason"), "\"length\"");
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls",
            "refusal,content_filter", "pause_turn,stop", "model_context_window_exceeded,length"})
    void mapsStopReasonToFinishReason(String stopReason, String finishReason) {
        ObjectNode out = WireTranslation.anthropicToOpenAiResponse(Fixtures.parse("{\"id\":\"msg_1\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\"" + stopReason + "\"}"), "a");
        assertJson(out.get("choices").get(0).get("finish_reason"), "\"" + finishReason + "\"");
    }

    @Test
    void openAiToolCallResponseBecomesMessage() {
        ObjectNode out = WireTranslation.openAiToAnthropicResponse(Fixtures.json("openai-response-tools.json"), "smart");
        assertJson(out, """
                {"id":"msg_BKrQnVdjFvNw7aZp1sSO6vZ9DZmWq","type":"message","role":"assistant","model":"smart",
                 "content":[
                   {"type":"tool_use","id":"call_gHrCmpZ2ZRThXhvsGUbfUg8T","name":"get_weather",
                    "input":{"location":"San Francisco, CA","unit":"celsius"}},
                   {"type":"tool_use","id":"call_9VbTNGAEpnD2r1VJQ1bTjpA","name":"get_time","input":{}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":138,"cache_creation_input_tokens":0,"cache_read_input_tokens":3072,
                   "output_tokens":54}}""");
    }

    @Test
    void openAiTextAndRefusalBecomeTextBlocks() {
        ObjectNode text = WireTranslation.openAiToAnthropicResponse(Fixtures.parse("""
                {"id":"chatcmpl-abc","object":"chat.completion","choices":[{"index":0,
                  "message":{"role":"assistant","content":"Hi there","refusal":null},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"""), "a");
        assertJson(text.get("content"), "[{\"type\":\"text\",\"text\":\"Hi there\"}]");
        assertJson(text.get("stop_reason"), "\"end_turn\"");
        assertJson(text.get("id"), "\"msg_abc\"");
        ObjectNode refusal = WireTranslation.openAiToAnthropicResponse(Fixtures.parse("""
                {"id":"chatcmpl-r","choices":[{"index":0,"message":{"role":"assistant","content":null,
                  "refusal":"I can't help with that."},"finish_reason":"content_filter"}]}"""), "a");
        assertJson(refusal.get("content"), "[{\"type\":\"text\",\"text\":\"I can't help with that.\"}]");
        assertJson(refusal.get("stop_reason"), "\"refusal\"");
        assertJson(refusal.get("usage"), "{\"input_tokens\":0,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":0}");
    }

    @ParameterizedTest
    @CsvSource({"stop,end_turn", "length,max_tokens", "tool_calls,tool_use", "function_call,tool_use",
            "content_filter,refusal"})
    void mapsFinishReasonToStopReason(String finishReason, String stopReason) {
        ObjectNode out = WireTranslation.openAiToAnthropicResponse(Fixtures.parse("{\"id\":\"chatcmpl-1\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"finish_reason\":\""
                + finishReason + "\"}]}"), "a");
        assertJson(out.get("stop_reason"), "\"" + stopReason + "\"");
    }

    @Test
    void roundTripKeepsContentToolCallsAndUsage() {
        ObjectNode original = Fixtures.json("anthropic-response-tools.json");
        ObjectNode back = WireTranslation.openAiToAnthropicResponse(
                WireTranslation.anthropicToOpenAiResponse(original, "smart"), "smart");
        assertThat(back.get("id").textValue()).isEqualTo("msg_01Aq9w938a90dw8q");
        assertThat(back.get("content")).isEqualTo(original.get("content"));
        assertThat(back.get("stop_reason")).isEqualTo(original.get("stop_reason"));
        assertThat(Usages.fromAnthropic(back.get("usage")).promptTokens())
                .isEqualTo(Usages.fromAnthropic(original.get("usage")).promptTokens());
    }
}
