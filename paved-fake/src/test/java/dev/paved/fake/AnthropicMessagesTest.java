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
class AnthropicMessagesTest {

  private static final String[] HEADERS = {"anthropic-version", "2023-06-01", "x-api-key", "sk-ant-test"};
  private static final String TOOLS = """
      ,"tools":[{"name":"lookup","description":"Look a thing up","input_schema":{"type":"object",
        "properties":{"query":{"type":"string"},"limit":{"type":"integer"},"exact":{"type":"boolean"}},
        "required":["query","limit","exact"]}}]""";

  private static FakeProvider provider;
  private static FakeHttp http;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start(FakeOptions.defaults().withRequireApiKey(true));
    http = new FakeHttp(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static String message(String extra) {
    return """
        {"model":"fake-claude","max_tokens":1024,"system":"You are terse.",
         "messages":[{"role":"user","content":"Hello there, how are you?"}]%s}""".formatted(extra);
  }

  @Test
  void nonStreamingAnswerIsAMessage() {
    HttpResponse<String> response = http.post("/v1/messages", message(""), HEADERS);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    JsonNode body = FakeHttp.json(response);
    assertThat(body.get("id").asText()).startsWith("msg_");
    assertThat(body.get("type").asText()).isEqualTo("message");
    assertThat(body.get("role").asText()).isEqualTo("assistant");
    assertThat(body.get("model").asText()).isEqualTo("fake-claude");
    assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(body.at("/content/0/text").asText()).startsWith("lorem ipsum dolor").hasSize(
        CannedText.text(16).length());
    assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(body.get("stop_sequence").isNull()).isTrue();
    JsonNode usage = body.get("usage");
    assertThat(usage.get("input_tokens").asInt()).isEqualTo(8);
    assertThat(usage.get("output_tokens").asInt()).isEqualTo(16);
    assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
  }

  @Test
  void smallMaxTokensStopsWithMaxTokens() {
    JsonNode body = FakeHttp.json(http.post("/v1/messages",
        message("").replace("\"max_tokens\":1024", "\"max_tokens\":4"), HEADERS));

    assertThat(body.at("/content/0/text").asText()).isEqualTo("lorem ipsum dolor sit ");
    assertThat(body.get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void streamSendsTheExactEventSequence() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/messages", message(",\"stream\":true"),
        "anthropic-version", "2023-06-01", "x-api-key", "k", "x-fake-tokens", "3");

    assertThat(events).extracting(FakeHttp.SseEvent::event).containsExactly(
        "message_start", "content_block_start", "ping",
        "content_block_delta", "content_block_delta", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop");
    assertThat(events).allSatisfy(event -> assertThat(event.json().get("type").asText()).isEqualTo(event.event()));

    JsonNode start = events.get(0).json().get("message");
    assertThat(start.get("id").asText()).startsWith("msg_");
    assertThat(start.get("type").asText()).isEqualTo("message");
    assertThat(start.get("role").asText()).isEqualTo("assistant");
    assertThat(start.get("model").asText()).isEqualTo("fake-claude");
    assertThat(start.get("content").isEmpty()).isTrue();
    assertThat(start.get("stop_reason").isNull()).isTrue();
    assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(8);
    assertThat(start.at("/usage/output_tokens").asInt()).isEqualTo(1);

    JsonNode blockStart = events.get(1).json();
    assertThat(blockStart.get("index").asInt()).isZero();
    assertThat(blockStart.at("/content_block/type").asText()).isEqualTo("text");
    assertThat(blockStart.at("/content_block/text").asText()).isEmpty();

    StringBuilder text = new StringBuilder();
    for (FakeHttp.SseEvent event : events.subList(3, 6)) {
      JsonNode delta = event.json();
      assertThat(delta.get("index").asInt()).isZero();
      assertThat(delta.at("/delta/type").asText()).isEqualTo("text_delta");
      text.append(delta.at("/delta/text").asText());
    }
    assertThat(text.toString()).isEqualTo("lorem ipsum dolor ");
    assertThat(events.get(6).json().get("index").asInt()).isZero();

    JsonNode messageDelta = events.get(7).json();
    assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(messageDelta.at("/delta/stop_sequence").isNull()).isTrue();
    assertThat(messageDelta.at("/usage/output_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void toolUseAnswerHasAnInputBuiltFromTheSchema() {
    JsonNode body = FakeHttp.json(http.post("/v1/messages", message(TOOLS), HEADERS));

    assertThat(body.get("stop_reason").asText()).isEqualTo("tool_use");
    JsonNode block = body.at("/content/0");
    assertThat(block.get("type").asText()).isEqualTo("tool_use");
    assertThat(block.get("id").asText()).startsWith("toolu_");
    assertThat(block.get("name").asText()).isEqualTo("lookup");
    assertThat(block.at("/input/query").asText()).isEqualTo("fake");
    assertThat(block.at("/input/limit").asInt()).isEqualTo(1);
    assertThat(block.at("/input/exact").asBoolean()).isTrue();
  }

  @Test
  void streamedToolUseSendsInputJsonDeltasThatReassemble() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/messages", message(TOOLS + ",\"stream\":true"), HEADERS);

    assertThat(events.get(0).event()).isEqualTo("message_start");
    JsonNode blockStart = events.get(1).json().get("content_block");
    assertThat(blockStart.get("type").asText()).isEqualTo("tool_use");
    assertThat(blockStart.get("id").asText()).startsWith("toolu_");
    assertThat(blockStart.get("name").asText()).isEqualTo("lookup");
    assertThat(blockStart.get("input").isEmpty()).isTrue();
    assertThat(events.get(2).event()).isEqualTo("ping");

    List<FakeHttp.SseEvent> deltas = events.subList(3, events.size() - 3);
    assertThat(deltas).hasSizeGreaterThan(1)
        .allSatisfy(event -> assertThat(event.event()).isEqualTo("content_block_delta"));
    StringBuilder json = new StringBuilder();
    for (FakeHttp.SseEvent event : deltas) {
      assertThat(event.json().at("/delta/type").asText()).isEqualTo("input_json_delta");
      json.append(event.json().at("/delta/partial_json").asText());
    }
    JsonNode input = FakeHttp.json(json.toString());
    assertThat(input.get("query").asText()).isEqualTo("fake");
    assertThat(input.get("limit").asInt()).isEqualTo(1);
    assertThat(events.get(events.size() - 2).json().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    assertThat(events.get(events.size() - 1).event()).isEqualTo("message_stop");
  }

  @Test
  void toolResultAsLastMessageGetsText() {
    String body = """
        {"model":"fake-claude","max_tokens":100%s,"messages":[
          {"role":"user","content":"Look up cats"},
          {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"query":"cats"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"cats are great"}]}]}"""
        .formatted(TOOLS);

    JsonNode answer = FakeHttp.json(http.post("/v1/messages", body, HEADERS));

    assertThat(answer.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(answer.at("/content/0/type").asText()).isEqualTo("text");
  }

  @Test
  void toolChoiceNoneAnswersWithText() {
    JsonNode body = FakeHttp.json(http.post("/v1/messages",
        message(TOOLS + ",\"tool_choice\":{\"type\":\"none\"}"), HEADERS));

    assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
  }

  @Test
  void missingVersionHeaderIsAnAnthropicStyle400() {
    HttpResponse<String> response = http.post("/v1/messages", message(""), "x-api-key", "k");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = FakeHttp.json(response);
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(body.at("/error/message").asText()).contains("anthropic-version");
  }

  @Test
  void missingApiKeyIs401WhenKeysAreRequired() {
    HttpResponse<String> response = http.post("/v1/messages", message(""), "anthropic-version", "2023-06-01");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(FakeHttp.json(response).at("/error/type").asText()).isEqualTo("authentication_error");
  }

  @Test
  void missingMaxTokensIs400() {
    HttpResponse<String> response = http.post("/v1/messages",
        "{\"model\":\"fake-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", HEADERS);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(FakeHttp.json(response).at("/error/message").asText()).contains("max_tokens");
  }

  @Test
  void openAiPathsRequireABearerKeyWhenKeysAreRequired() {
    String chat = "{\"model\":\"fake-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    HttpResponse<String> denied = http.post("/v1/chat/completions", chat);
    HttpResponse<String> allowed = http.post("/v1/chat/completions", chat, "authorization", "Bearer sk-test");

    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(FakeHttp.json(denied).at("/error/code").asText()).isEqualTo("invalid_api_key");
    assertThat(allowed.statusCode()).isEqualTo(200);
  }

  @Test
  void modelsInAnthropicFormatWhenAnthropicVersionIsSent() {
    JsonNode body = FakeHttp.json(http.get("/v1/models", HEADERS));

    assertThat(body.at("/data/0/type").asText()).isEqualTo("model");
    assertThat(body.at("/data/0/id").asText()).isEqualTo("fake-gpt");
    assertThat(body.get("has_more").asBoolean()).isFalse();
    assertThat(body.get("last_id").asText()).isEqualTo("fake-embed");
  }
}
