package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code x-fake-fault} and timing headers, one mode at a time. */
@Timeout(60)
class FaultInjectionTest {

  private static final String CHAT = "{\"model\":\"fake-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String CHAT_STREAM =
      "{\"model\":\"fake-gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String MESSAGE =
      "{\"model\":\"fake-claude\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static FakeProvider provider;
  private static ExecutorService readers;
  private FakeHttp http;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start(FakeOptions.defaults());
    readers = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stop() {
    readers.shutdownNow();
    provider.close();
  }

  @BeforeEach
  void freshClient() {
    provider.resetStats();
    http = new FakeHttp(provider);
  }

  @AfterEach
  void closeClient() {
    http.client().shutdownNow();
    Await.until("streams of the last test are closed", () -> provider.stats().activeStreams() == 0);
  }

  private HttpResponse<String> postWithTimeout(String path, String body, Duration timeout, String... headers)
      throws IOException, InterruptedException {
    HttpRequest request = http.request(path, headers).timeout(timeout)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Reads events until the stream ends or breaks; returns them and whether it broke. */
  private record Outcome(List<FakeHttp.SseEvent> events, IOException error) {
  }

  private Outcome readUntilEndOrError(InputStream body) {
    List<FakeHttp.SseEvent> events = new ArrayList<>();
    try (FakeHttp.SseReader reader = new FakeHttp.SseReader(body)) {
      for (FakeHttp.SseEvent event = reader.next(); event != null; event = reader.next()) {
        events.add(event);
      }
      return new Outcome(events, null);
    } catch (IOException e) {
      return new Outcome(events, e);
    }
  }

  @Test
  void statusFaultAnswersWithAnOpenAiError() {
    HttpResponse<String> response = http.post("/v1/chat/completions", CHAT, "x-fake-fault", "status=503");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode error = FakeHttp.json(response).get("error");
    assertThat(error.get("type").asText()).isEqualTo("server_error");
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(provider.stats().faults("status=503")).isEqualTo(1);
  }

  @Test
  void rateLimitFaultSetsRetryAfter() {
    HttpResponse<String> response = http.post("/v1/chat/completions", CHAT,
        "x-fake-fault", "status=429,retry-after=2,retry-after-ms=1500");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("2");
    assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1500");
    assertThat(FakeHttp.json(response).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void overloadedFaultOnMessagesIsAnAnthropicError() {
    HttpResponse<String> response = http.post("/v1/messages", MESSAGE,
        "anthropic-version", "2023-06-01", "x-fake-fault", "status=529");

    assertThat(response.statusCode()).isEqualTo(529);
    JsonNode body = FakeHttp.json(response);
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("overloaded_error");
  }

  @Test
  void hangNeverAnswers() {
    assertThatThrownBy(() -> postWithTimeout("/v1/chat/completions", CHAT, Duration.ofMillis(300),
        "x-fake-fault", "hang"))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(provider.stats().faults("hang")).isEqualTo(1);
    assertThat(provider.stats().requests("/v1/chat/completions")).isEqualTo(1);
  }

  @Test
  void resetClosesTheConnectionWithoutAResponse() {
    assertThatThrownBy(() -> http.post("/v1/chat/completions", CHAT, "x-fake-fault", "reset"))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(provider.stats().faults("reset")).isEqualTo(1);
  }

  @Test
  void resetMidStreamSendsTheFirstEventsThenBreaks() throws Exception {
    HttpResponse<InputStream> response = http.postStream("/v1/chat/completions", CHAT_STREAM,
        "x-fake-fault", "reset-mid-stream,after=3");

    assertThat(response.statusCode()).isEqualTo(200);
    Outcome outcome = readUntilEndOrError(response.body());
    assertThat(outcome.error()).isNotNull();
    assertThat(outcome.events()).hasSize(3);
    assertThat(outcome.events()).noneMatch(event -> event.data().equals("[DONE]"));
  }

  @Test
  void resetMidStreamOnAJsonBodyCutsTheBody() {
    assertThatThrownBy(() -> http.post("/v1/chat/completions", CHAT, "x-fake-fault", "reset-mid-stream"))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void hangMidStreamSendsTheFirstEventsThenStalls() throws Exception {
    HttpResponse<InputStream> response = http.postStream("/v1/messages",
        MESSAGE.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\""),
        "anthropic-version", "2023-06-01", "x-fake-fault", "hang-mid-stream,after=4");
    FakeHttp.SseReader reader = new FakeHttp.SseReader(response.body());

    List<String> names = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      names.add(reader.next().event());
    }
    Future<FakeHttp.SseEvent> fifth = readers.submit(reader::next);

    assertThat(names).containsExactly("message_start", "content_block_start", "ping", "content_block_delta");
    assertThatThrownBy(() -> fifth.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(provider.stats().activeStreams()).isEqualTo(1);
    fifth.cancel(true);
    http.client().shutdownNow();
    Await.until("the stalled stream is released", () -> provider.stats().activeStreams() == 0);
  }

  @Test
  void malformedJsonBodyIsNotValidJson() {
    HttpResponse<String> response = http.post("/v1/chat/completions", CHAT, "x-fake-fault", "malformed");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{");
    assertThatThrownBy(() -> FakeHttp.json(response)).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void malformedStreamHasABrokenDataLine() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions", CHAT_STREAM, "x-fake-fault", "malformed");

    assertThat(events).hasSize(2);
    assertThat(events.get(0).json().get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThatThrownBy(() -> events.get(1).json()).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void slowFirstByteDelaysTheAnswer() {
    assertThatThrownBy(() -> postWithTimeout("/v1/chat/completions", CHAT, Duration.ofMillis(300),
        "x-fake-fault", "slow-first-byte=60000"))
        .isInstanceOf(HttpTimeoutException.class);

    HttpResponse<String> quick = http.post("/v1/chat/completions", CHAT, "x-fake-fault", "slow-first-byte=1");
    assertThat(quick.statusCode()).isEqualTo(200);
    assertThat(FakeHttp.json(quick).at("/choices/0/message/content").asText()).startsWith("lorem");
    assertThat(provider.stats().faults("slow-first-byte")).isEqualTo(2);
  }

  @Test
  void latencyHeaderDelaysTheResponse() {
    assertThatThrownBy(() -> postWithTimeout("/v1/chat/completions", CHAT, Duration.ofMillis(300),
        "x-fake-latency-ms", "60000"))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void ttftHeaderHoldsTheFirstTokenButNotTheHead() throws Exception {
    HttpResponse<InputStream> response = http.postStream("/v1/chat/completions", CHAT_STREAM,
        "x-fake-ttft-ms", "60000");
    FakeHttp.SseReader reader = new FakeHttp.SseReader(response.body());

    FakeHttp.SseEvent role = reader.next();
    Future<FakeHttp.SseEvent> firstToken = readers.submit(reader::next);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(role.json().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThatThrownBy(() -> firstToken.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    firstToken.cancel(true);
    http.client().shutdownNow();
    Await.until("the waiting stream is cancelled", () -> provider.stats().activeStreams() == 0);
  }

  @Test
  void tokenDelayHoldsTheSecondToken() throws Exception {
    HttpResponse<InputStream> response = http.postStream("/v1/chat/completions", CHAT_STREAM,
        "x-fake-token-delay-ms", "60000");
    FakeHttp.SseReader reader = new FakeHttp.SseReader(response.body());

    FakeHttp.SseEvent role = reader.next();
    FakeHttp.SseEvent token = reader.next();
    Future<FakeHttp.SseEvent> second = readers.submit(reader::next);

    assertThat(role.json().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(token.json().at("/choices/0/delta/content").asText()).isEqualTo("lorem ");
    assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    second.cancel(true);
  }

  @Test
  void smallDelaysStillDeliverTheWholeStream() {
    List<FakeHttp.SseEvent> events = http.stream("/v1/chat/completions", CHAT_STREAM,
        "x-fake-latency-ms", "5", "x-fake-ttft-ms", "5", "x-fake-token-delay-ms", "1", "x-fake-tokens", "4");

    assertThat(events).hasSize(1 + 4 + 1 + 1);
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
  }

  @Test
  void invalidFaultHeaderIs400() {
    HttpResponse<String> response = http.post("/v1/chat/completions", CHAT, "x-fake-fault", "explode");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(FakeHttp.json(response).at("/error/message").asText()).contains("x-fake-fault");
    assertThat(http.post("/v1/chat/completions", CHAT, "x-fake-tokens", "-1").statusCode()).isEqualTo(400);
  }

  @Test
  void resetOverHttp2ResetsTheStreamOnly() throws Exception {
    FakeHttp h2 = new FakeHttp(provider, HttpClient.Version.HTTP_2);
    HttpResponse<String> warm = h2.get("/v1/models");
    assertThat(warm.version()).isEqualTo(HttpClient.Version.HTTP_2);

    assertThatThrownBy(() -> h2.client().send(h2.postRequest("/v1/chat/completions", CHAT, "x-fake-fault", "reset"),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    HttpResponse<String> after = h2.post("/v1/chat/completions", CHAT);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.version()).isEqualTo(HttpClient.Version.HTTP_2);
    h2.client().shutdownNow();
  }
}
