package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Answers set through {@link FakeProvider#replies()} and {@code /_fake/replies}. */
@Timeout(60)
class ScriptedRepliesTest {

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

  @BeforeEach
  void clean() {
    provider.replies().clear();
  }

  private static String chat(String prompt, boolean stream) {
    return "{\"model\":\"fake-gpt\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
  }

  private static String message(String prompt, boolean stream) {
    return "{\"model\":\"fake-claude\",\"max_tokens\":64,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
  }

  @Test
  void aRequestWithTheMarkerGetsTheTextInTheGivenPieces() {
    provider.replies().add("case-1", List.of("Mail ", "jane@exa", "mple.org", " now."));

    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions", chat("case-1: hello", true));
    List<String> pieces = events.stream().filter(e -> !e.data().equals("[DONE]"))
        .map(e -> e.json().path("choices").path(0).path("delta").path("content").asText(""))
        .filter(s -> !s.isEmpty()).toList();
    assertThat(pieces).containsExactly("Mail ", "jane@exa", "mple.org", " now.");

    HttpResponse<String> json = http.post("/v1/chat/completions", chat("case-1 again", false));
    assertThat(FakeHttp.json(json.body()).at("/choices/0/message/content").asText()).isEqualTo("Mail jane@example.org now.");
    assertThat(FakeHttp.json(json.body()).at("/usage/completion_tokens").asInt()).isEqualTo(4);

    List<FakeHttp.SseEvent> anthropic = http.stream("/v1/messages", message("case-1", true), "anthropic-version", "2023-06-01");
    assertThat(anthropic.stream().filter(e -> "content_block_delta".equals(e.event()))
        .map(e -> e.json().path("delta").path("text").asText()).toList()).containsExactly("Mail ", "jane@exa", "mple.org", " now.");

    HttpResponse<String> other = http.post("/v1/chat/completions", chat("no marker", false));
    assertThat(FakeHttp.json(other.body()).at("/choices/0/message/content").asText()).startsWith("lorem ipsum");
  }

  @Test
  void theControlEndpointSplitsTheTextAndMaxTokensCutsIt() {
    HttpResponse<String> added = http.post("/_fake/replies", "{\"marker\":\"case-2\",\"text\":\"abcdefgh\",\"piece_chars\":3}");
    assertThat(added.statusCode()).isEqualTo(201);
    HttpResponse<String> r = http.post("/v1/messages", message("case-2", false).replace("64", "2"), "anthropic-version", "2023-06-01");
    assertThat(FakeHttp.json(r.body()).at("/content/0/text").asText()).isEqualTo("abcdef");
    assertThat(FakeHttp.json(r.body()).at("/stop_reason").asText()).isEqualTo("max_tokens");

    assertThat(http.post("/_fake/replies", "{\"marker\":\"\",\"text\":\"x\"}").statusCode()).isEqualTo(400);
    assertThat(http.send(http.request("/_fake/replies").DELETE().build()).body()).isEqualTo("{\"cleared\":1}");
  }
}
