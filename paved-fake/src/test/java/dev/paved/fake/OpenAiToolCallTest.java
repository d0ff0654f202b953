package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OpenAiToolCallTest {

  private static final String TOOLS = """
      "tools":[
        {"type":"function","function":{"name":"get_weather","description":"Weather for a city",
          "parameters":{"type":"object","properties":{
            "city":{"type":"string"},"days":{"type":"integer"},"metric":{"type":"boolean"},
            "hours":{"type":"array","items":{"type":"number"}},"filter":{"type":"object"},
            "unit":{"type":"string","enum":["celsius","fahrenheit"]},"note":{"type":"string"}},
            "required":["city","days","metric","hours","filter","unit"]}}},
        {"type":"function","function":{"name":"get_time","parameters":{"type":"object",
          "properties":{"zone":{"type":"string"}},"required":["zone"]}}}]""";

  private static FakeProvider provider;
  private static FakeHttp http;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start(FakeOptions.defaults());
    http = new FakeHttp(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static String request(String messages, String extra) {
    return "{\"model\":\"fake-gpt\",\"messages\":" + messages + "," + TOOLS + extra + "}";
  }

  private static final String ASK = "[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]";

  @Test
  void callsTheFirstToolWithArgumentsBuiltFromRequiredProperties() {
    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions", request(ASK, "")));

    JsonNode choice = body.at("/choices/0");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.at("/message/content").isNull()).isTrue();
    JsonNode call = choice.at("/message/tool_calls/0");
    assertThat(call.get("id").asText()).startsWith("call_");
    assertThat(call.get("type").asText()).isEqualTo("function");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    JsonNode args = FakeHttp.json(call.at("/function/arguments").asText());
    assertThat(args.get("city").asText()).isEqualTo("fake");
    assertThat(args.get("days").asInt()).isEqualTo(1);
    assertThat(args.get("metric").asBoolean()).isTrue();
    assertThat(args.get("hours").isArray()).isTrue();
    assertThat(args.get("hours").isEmpty()).isTrue();
    assertThat(args.get("filter").isObject()).isTrue();
    assertThat(args.get("unit").asText()).isEqualTo("celsius");
    assertThat(args.has("note")).isFalse();
    assertThat(body.at("/usage/completion_tokens").asInt()).isPositive();
  }

  @Test
  void namedToolChoicePicksThatTool() {
    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions",
        request(ASK, ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}")));

    JsonNode call = body.at("/choices/0/message/tool_calls/0");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_time");
    assertThat(FakeHttp.json(call.at("/function/arguments").asText()).get("zone").asText()).isEqualTo("fake");
  }

  @Test
  void toolChoiceNamingAnUnknownToolIs400() {
    HttpResponse<String> response = http.post("/v1/chat/completions",
        request(ASK, ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(FakeHttp.json(response).at("/error/param").asText()).isEqualTo("tool_choice");
  }

  @Test
  void toolChoiceNoneAnswersWithText() {
    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions", request(ASK, ",\"tool_choice\":\"none\"")));

    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(body.at("/choices/0/message/content").asText()).startsWith("lorem ipsum");
    assertThat(body.at("/choices/0/message").has("tool_calls")).isFalse();
  }

  @Test
  void toolResultAsLastMessageGetsATextAnswer() {
    String messages = """
        [{"role":"user","content":"Weather in Paris?"},
         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
           "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
         {"role":"tool","tool_call_id":"call_1","content":"sunny and warm"}]""";

    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions", request(messages, "")));

    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(body.at("/choices/0/message/content").asText()).startsWith("lorem ipsum");
  }

  @Test
  void streamedToolCallSendsHeadThenArgumentFragmentsThatReassembleToJson() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions", request(ASK, ",\"stream\":true"));

    JsonNode role = events.get(0).json().at("/choices/0/delta");
    assertThat(role.get("role").asText()).isEqualTo("assistant");
    JsonNode head = events.get(1).json().at("/choices/0/delta/tool_calls/0");
    assertThat(head.get("index").asInt()).isZero();
    assertThat(head.get("id").asText()).startsWith("call_");
    assertThat(head.get("type").asText()).isEqualTo("function");
    assertThat(head.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(head.at("/function/arguments").asText()).isEmpty();

    List<FakeHttp.SseEvent> fragments = events.subList(2, events.size() - 2);
    assertThat(fragments).hasSizeGreaterThan(1);
    StringBuilder arguments = new StringBuilder();
    for (FakeHttp.SseEvent event : fragments) {
      JsonNode delta = event.json().at("/choices/0/delta/tool_calls/0");
      assertThat(delta.get("index").asInt()).isZero();
      assertThat(delta.has("id")).isFalse();
      arguments.append(delta.at("/function/arguments").asText());
    }
    JsonNode args = FakeHttp.json(arguments.toString());
    assertThat(args.get("city").asText()).isEqualTo("fake");
    assertThat(args.get("unit").asText()).isEqualTo("celsius");
    assertThat(events.get(events.size() - 2).json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
  }
}
