package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StatsAndRecordingTest {

  private static final String CHAT = "{\"model\":\"fake-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static FakeProvider provider;
  private static FakeHttp http;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start(FakeOptions.defaults().withRecordedRequests(3));
    http = new FakeHttp(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @BeforeEach
  void reset() {
    provider.resetStats();
  }

  @Test
  void countsRequestsPerPathButNotControlEndpoints() {
    http.post("/v1/chat/completions", CHAT);
    http.post("/v1/chat/completions", CHAT);
    http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}");
    http.get("/v1/models");
    http.get("/v1/unknown");
    http.get("/health");
    http.get("/stats");

    Stats stats = provider.stats();
    assertThat(stats.totalRequests()).isEqualTo(5);
    assertThat(stats.requests("/v1/chat/completions")).isEqualTo(2);
    assertThat(stats.requests("/v1/embeddings")).isEqualTo(1);
    assertThat(stats.requests("/v1/models")).isEqualTo(1);
    assertThat(stats.requests("/v1/messages")).isZero();
    assertThat(stats.requests("other")).isEqualTo(1);
    assertThat(stats.totalFaults()).isZero();
  }

  @Test
  void statsEndpointServesTheCountersAndResetZeroesThem() {
    http.post("/v1/chat/completions", CHAT, "x-fake-fault", "status=500");

    JsonNode stats = FakeHttp.json(http.get("/stats"));
    assertThat(stats.get("total_requests").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_path/~1v1~1chat~1completions").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_fault/status=500").asLong()).isEqualTo(1);
    assertThat(stats.has("active_connections")).isTrue();
    assertThat(stats.get("active_streams").asLong()).isZero();

    JsonNode afterReset = FakeHttp.json(http.post("/stats/reset", ""));
    assertThat(afterReset.get("total_requests").asLong()).isZero();
    assertThat(afterReset.get("by_fault").isEmpty()).isTrue();
    assertThat(provider.stats().totalRequests()).isZero();
    assertThat(provider.recentRequests()).isEmpty();
  }

  @Test
  void healthIsOk() {
    HttpResponse<String> health = http.get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(FakeHttp.json(health).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void recordsTheLastRequestsWithLowerCasedHeadersAndBody() {
    http.post("/v1/chat/completions", CHAT.replace("hi", "one"), "X-Feature-Id", "bench");
    http.post("/v1/chat/completions", CHAT.replace("hi", "two"));
    http.post("/v1/chat/completions", CHAT.replace("hi", "three"));
    http.post("/v1/chat/completions", CHAT.replace("hi", "four"), "Authorization", "Bearer sk-x");

    List<RecordedRequest> recent = provider.recentRequests();
    assertThat(recent).hasSize(3);
    assertThat(recent).extracting(r -> r.json().at("/messages/0/content").asText())
        .containsExactly("two", "three", "four");
    RecordedRequest last = recent.get(2);
    assertThat(last.method()).isEqualTo("POST");
    assertThat(last.path()).isEqualTo("/v1/chat/completions");
    assertThat(last.headers()).containsEntry("authorization", "Bearer sk-x")
        .containsEntry("content-type", "application/json");
    assertThat(last.header("Authorization")).isEqualTo("Bearer sk-x");
    assertThat(last.fault()).isNull();
    assertThat(recent.get(0).sequence()).isLessThan(recent.get(1).sequence());

    JsonNode overHttp = FakeHttp.json(http.get("/_fake/requests"));
    assertThat(overHttp.get("requests")).hasSize(3);
    assertThat(overHttp.at("/requests/2/headers/authorization").asText()).isEqualTo("Bearer sk-x");
  }

  @Test
  void activeStreamsCountsOpenStreamsAndDropsWhenTheClientLeaves() throws Exception {
    FakeHttp own = new FakeHttp(provider);
    HttpResponse<InputStream> response = own.postStream("/v1/chat/completions",
        CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""), "x-fake-token-delay-ms", "60000");
    FakeHttp.SseReader reader = new FakeHttp.SseReader(response.body());
    reader.next();

    assertThat(provider.stats().activeStreams()).isEqualTo(1);
    assertThat(provider.stats().activeConnections()).isPositive();
    own.client().shutdownNow();
    Await.until("the stream is closed", () -> provider.stats().activeStreams() == 0);
  }

  @Test
  void keepAliveReusesOneConnection() {
    try (FakeProvider own = FakeProvider.start(FakeOptions.defaults())) {
      FakeHttp client = new FakeHttp(own);

      for (int i = 0; i < 5; i++) {
        assertThat(client.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
      }

      assertThat(own.stats().activeConnections()).isEqualTo(1);
      client.client().shutdownNow();
      Await.until("the connection is closed", () -> own.stats().activeConnections() == 0);
    }
  }
}
