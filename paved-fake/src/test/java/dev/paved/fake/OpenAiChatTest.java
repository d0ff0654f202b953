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
class OpenAiChatTest {

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

  private static String chat(String extra) {
    return """
        {"model":"fake-gpt","messages":[{"role":"system","content":"Be brief."},
         {"role":"user","content":"Say hello in one short sentence."}]%s}""".formatted(extra);
  }

  @Test
  void nonStreamingAnswerIsAChatCompletion() {
    HttpResponse<String> response = http.post("/v1/chat/completions", chat(""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = FakeHttp.json(response);
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("created").asLong()).isPositive();
    assertThat(body.get("model").asText()).isEqualTo("fake-gpt");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
    assertThat(choice.at("/message/content").asText()).isEqualTo(
        "lorem ipsum dolor sit amet fake token reply lorem ipsum dolor sit amet fake token reply ");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = body.get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(8);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(16);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(24);
  }

  @Test
  void maxTokensCutsTheAnswerAndReportsLength() {
    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions", chat(",\"max_tokens\":3")));

    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("lorem ipsum dolor ");
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokensAndLargerLimitsChangeNothing() {
    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions",
        chat(",\"max_completion_tokens\":100,\"max_tokens\":2")));

    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(16);
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void tokensHeaderSetsTheOutputLength() {
    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions", chat(""), "x-fake-tokens", "10"));

    assertThat(body.at("/choices/0/message/content").asText())
        .isEqualTo("lorem ipsum dolor sit amet fake token reply lorem ipsum ");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(10);
  }

  @Test
  void streamSendsRoleChunkOneChunkPerTokenFinishUsageAndDone() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions",
        chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), "x-fake-tokens", "5");

    assertThat(events).hasSize(1 + 5 + 1 + 1 + 1);
    JsonNode first = events.get(0).json();
    assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(first.get("id").asText()).startsWith("chatcmpl-");
    assertThat(first.get("model").asText()).isEqualTo("fake-gpt");
    assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(first.at("/choices/0/delta/content").asText()).isEmpty();
    StringBuilder text = new StringBuilder();
    for (FakeHttp.SseEvent event : events.subList(1, 6)) {
      JsonNode chunk = event.json();
      assertThat(chunk.get("id").asText()).isEqualTo(first.get("id").asText());
      assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
      text.append(chunk.at("/choices/0/delta/content").asText());
    }
    assertThat(text.toString()).isEqualTo("lorem ipsum dolor sit amet ");
    JsonNode finish = events.get(6).json();
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
    JsonNode usage = events.get(7).json();
    assertThat(usage.get("choices").isEmpty()).isTrue();
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(8);
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(13);
    assertThat(events.get(8).data()).isEqualTo("[DONE]");
    assertThat(events).allSatisfy(event -> assertThat(event.event()).isNull());
  }

  @Test
  void streamWithoutIncludeUsageHasNoUsageChunk() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions", chat(",\"stream\":true"),
        "x-fake-tokens", "2");

    assertThat(events).hasSize(1 + 2 + 1 + 1);
    assertThat(events.get(3).json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(events.get(4).data()).isEqualTo("[DONE]");
  }

  @Test
  void streamCutByMaxTokensFinishesWithLength() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions",
        chat(",\"stream\":true,\"max_tokens\":2"));

    assertThat(events).hasSize(1 + 2 + 1 + 1);
    assertThat(events.get(3).json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
  }

  @Test
  void jsonObjectResponseFormatAnswersWithAJsonObject() {
    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions",
        chat(",\"response_format\":{\"type\":\"json_object\"}"), "x-fake-tokens", "4"));

    JsonNode content = FakeHttp.json(body.at("/choices/0/message/content").asText());
    assertThat(content.get("answer").asText()).isEqualTo("lorem ipsum dolor sit");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void streamedJsonObjectReassemblesToValidJson() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions",
        chat(",\"stream\":true,\"response_format\":{\"type\":\"json_object\"}"), "x-fake-tokens", "3");

    StringBuilder content = new StringBuilder();
    for (FakeHttp.SseEvent event : events.subList(1, 4)) {
      content.append(event.json().at("/choices/0/delta/content").asText());
    }
    assertThat(FakeHttp.json(content.toString()).get("answer").asText()).isEqualTo("lorem ipsum dolor");
  }

  @Test
  void jsonSchemaResponseFormatFillsRequiredProperties() {
    String format = """
        ,"response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,"schema":{
          "type":"object",
          "properties":{"name":{"type":"string"},"age":{"type":"integer"},"score":{"type":"number"},
            "admin":{"type":"boolean"},"tags":{"type":"array","items":{"type":"string"}},
            "address":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
            "nickname":{"type":"string"}},
          "required":["name","age","score","admin","tags","address"]}}}""";

    JsonNode body = FakeHttp.json(http.post("/v1/chat/completions", chat(format)));

    JsonNode content = FakeHttp.json(body.at("/choices/0/message/content").asText());
    assertThat(content.get("name").asText()).isEqualTo("fake");
    assertThat(content.get("age").isInt()).isTrue();
    assertThat(content.get("age").asInt()).isEqualTo(1);
    assertThat(content.get("score").asInt()).isEqualTo(1);
    assertThat(content.get("admin").asBoolean()).isTrue();
    assertThat(content.get("tags").isArray()).isTrue();
    assertThat(content.at("/address/city").asText()).isEqualTo("fake");
    assertThat(content.has("nickname")).isFalse();
  }

  @Test
  void missingMessagesIsAnOpenAiStyle400() {
    HttpResponse<String> response = http.post("/v1/chat/completions", "{\"model\":\"fake-gpt\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = FakeHttp.json(response).get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asText()).isEqualTo("messages");
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.has("code")).isTrue();
  }

  @Test
  void malformedJsonIs400() {
    HttpResponse<String> response = http.post("/v1/chat/completions", "{\"model\": \"fake-gpt\", ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(FakeHttp.json(response).at("/error/message").asText()).contains("parse");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() {
    assertThat(http.get("/v1/nothing-here").statusCode()).isEqualTo(404);
    assertThat(FakeHttp.json(http.get("/v1/nothing-here")).at("/error/type").asText())
        .isEqualTo("invalid_request_error");
    assertThat(http.get("/v1/chat/completions").statusCode()).isEqualTo(405);
  }

  @Test
  void modelsListsTheConfiguredModels() {
    JsonNode body = FakeHttp.json(http.get("/v1/models"));

    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("data")).extracting(model -> model.get("id").asText())
        .containsExactly("fake-gpt", "fake-claude", "fake-embed");
    assertThat(body.at("/data/0/object").asText()).isEqualTo("model");
  }
}
