package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults set through {@link FakeProvider#faults()} and {@code /_fake/faults}. */
@Timeout(60)
class ProgrammedFaultsTest {

  private static final String CHAT = "{\"model\":\"fake-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String MESSAGE =
      "{\"model\":\"fake-claude\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

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
    provider.faults().clear();
    provider.resetStats();
  }

  private static int chatStatus() {
    return http.post("/v1/chat/completions", CHAT).statusCode();
  }

  @Test
  void nextKRequestsFailThenTheProviderRecovers() {
    provider.faults().failNext(2, "status=503");

    assertThat(chatStatus()).isEqualTo(503);
    assertThat(chatStatus()).isEqualTo(503);
    assertThat(chatStatus()).isEqualTo(200);
    assertThat(chatStatus()).isEqualTo(200);

    Stats stats = provider.stats();
    assertThat(stats.requests("/v1/chat/completions")).isEqualTo(4);
    assertThat(stats.faults("status=503")).isEqualTo(2);
    assertThat(provider.faults().active()).isEmpty();
    assertThat(provider.recentRequests()).extracting(RecordedRequest::fault)
        .containsExactly("status=503", "status=503", null, null);
  }

  @Test
  void fractionFaultsFollowTheSeededRandom() {
    provider.faults().failFraction(0.3, 42, "status=500");

    int failures = 0;
    for (int i = 0; i < 40; i++) {
      failures += chatStatus() == 500 ? 1 : 0;
    }

    SplittableRandom replay = new SplittableRandom(42);
    int expected = 0;
    for (int i = 0; i < 40; i++) {
      expected += replay.nextDouble() < 0.3 ? 1 : 0;
    }
    assertThat(failures).isEqualTo(expected).isBetween(1, 39);
    assertThat(provider.stats().faults("status=500")).isEqualTo(expected);
  }

  @Test
  void untilClearedFaultsEveryRequestUntilCleared() {
    provider.faults().failUntilCleared("status=502");

    assertThat(chatStatus()).isEqualTo(502);
    assertThat(chatStatus()).isEqualTo(502);
    assertThat(provider.faults().active()).singleElement()
        .satisfies(active -> assertThat(active.injected()).isEqualTo(2));
    assertThat(provider.faults().clear()).isEqualTo(1);
    assertThat(chatStatus()).isEqualTo(200);
  }

  @Test
  void pathScopedFaultLeavesOtherPathsAlone() {
    provider.faults().add(FaultRule.nextRequests(1, FaultSpec.status(529)).onlyPath("/v1/messages"));

    assertThat(chatStatus()).isEqualTo(200);
    HttpResponse<String> message = http.post("/v1/messages", MESSAGE, "anthropic-version", "2023-06-01");
    assertThat(message.statusCode()).isEqualTo(529);
    assertThat(FakeHttp.json(message).at("/error/type").asText()).isEqualTo("overloaded_error");
    assertThat(http.post("/v1/messages", MESSAGE, "anthropic-version", "2023-06-01").statusCode()).isEqualTo(200);
  }

  @Test
  void modelScopedFaultOnlyHitsThatModel() {
    provider.faults().add(FaultRule.untilCleared(FaultSpec.status(500)).onlyModel("fake-gpt-flaky"));

    assertThat(chatStatus()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", CHAT.replace("fake-gpt", "fake-gpt-flaky")).statusCode())
        .isEqualTo(500);
  }

  @Test
  void aFaultHeaderWinsAndDoesNotUseUpTheRule() {
    provider.faults().failNext(1, "status=503");

    HttpResponse<String> headed = http.post("/v1/chat/completions", CHAT, "x-fake-fault", "status=418");

    assertThat(headed.statusCode()).isEqualTo(418);
    assertThat(chatStatus()).isEqualTo(503);
    assertThat(chatStatus()).isEqualTo(200);
  }

  @Test
  void removeDropsOneRule() {
    long id = provider.faults().failUntilCleared("status=500");
    provider.faults().failNext(1, "status=429,retry-after=1");

    assertThat(provider.faults().remove(id)).isTrue();
    assertThat(provider.faults().remove(id)).isFalse();
    HttpResponse<String> limited = http.post("/v1/chat/completions", CHAT);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
  }

  @Test
  void faultsCanBeProgrammedOverHttp() {
    HttpResponse<String> added = http.post("/_fake/faults",
        "{\"fault\":\"status=500\",\"count\":1,\"path\":\"/v1/chat/completions\"}");

    assertThat(added.statusCode()).isEqualTo(201);
    JsonNode rule = FakeHttp.json(added);
    assertThat(rule.get("fault").asText()).isEqualTo("status=500");
    assertThat(rule.get("remaining").asInt()).isEqualTo(1);
    assertThat(FakeHttp.json(http.get("/_fake/faults")).get("faults")).hasSize(1);
    assertThat(chatStatus()).isEqualTo(500);
    assertThat(chatStatus()).isEqualTo(200);

    http.post("/_fake/faults", "{\"fault\":\"reset\"}");
    HttpResponse<String> deleted = http.send(http.request("/_fake/faults").DELETE().build());
    assertThat(FakeHttp.json(deleted).get("cleared").asInt()).isEqualTo(1);
    assertThat(chatStatus()).isEqualTo(200);
  }

  @Test
  void badFaultProgramsAre400() {
    assertThat(http.post("/_fake/faults", "{\"fault\":\"explode\"}").statusCode()).isEqualTo(400);
    assertThat(http.post("/_fake/faults", "{\"count\":1}").statusCode()).isEqualTo(400);
    assertThat(http.post("/_fake/faults", "{\"fault\":\"hang\",\"fraction\":2}").statusCode()).isEqualTo(400);
    assertThat(http.post("/_fake/faults", "not json").statusCode()).isEqualTo(400);
    assertThat(provider.faults().active()).isEmpty();
  }
}
