package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProviderLifecycleTest {

  @Test
  void urlsPointAtTheEphemeralPort() {
    try (FakeProvider provider = FakeProvider.start(FakeOptions.defaults())) {
      assertThat(provider.port()).isPositive();
      assertThat(provider.baseUrl()).isEqualTo("http://127.0.0.1:" + provider.port());
      assertThat(provider.openAiBaseUrl()).isEqualTo(provider.baseUrl() + "/v1");
      assertThat(provider.anthropicBaseUrl()).isEqualTo(provider.baseUrl());
    }
  }

  @Test
  void runsOnAGivenVertxAndLeavesItOpen() {
    Vertx vertx = Vertx.vertx();
    try {
      FakeProvider provider = FakeProvider.start(vertx, FakeOptions.defaults().withEventLoops(2));
      assertThat(new FakeHttp(provider).get("/health").statusCode()).isEqualTo(200);
      provider.close();
      provider.close();

      assertThat(vertx.deploymentIDs()).isEmpty();
      FakeProvider again = FakeProvider.start(vertx, FakeOptions.defaults());
      assertThat(new FakeHttp(again).get("/health").statusCode()).isEqualTo(200);
      again.close();
    } finally {
      vertx.close();
    }
  }

  @Test
  void severalEventLoopsShareThePortAndTheCounters() {
    try (FakeProvider provider = FakeProvider.start(FakeOptions.defaults().withEventLoops(3))) {
      for (int i = 0; i < 6; i++) {
        FakeHttp fresh = new FakeHttp(provider);
        assertThat(fresh.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}").statusCode()).isEqualTo(200);
        fresh.client().shutdownNow();
      }
      assertThat(provider.stats().requests("/v1/embeddings")).isEqualTo(6);
    }
  }

  @Test
  void closeDropsHungRequests() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FakeProvider provider = FakeProvider.start(vertx, FakeOptions.defaults());
      FakeHttp http = new FakeHttp(provider);
      CompletableFuture<HttpResponse<String>> hung = http.client().sendAsync(
          http.postRequest("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}", "x-fake-fault", "hang"),
          HttpResponse.BodyHandlers.ofString());
      Await.until("the hung request arrived", () -> provider.stats().faults("hang") == 1);

      provider.close();

      assertThatThrownBy(() -> hung.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IOException.class);
    } finally {
      vertx.close();
    }
  }

  @Test
  void aTakenPortFailsToStart() {
    try (FakeProvider first = FakeProvider.start(FakeOptions.defaults())) {
      assertThatThrownBy(() -> FakeProvider.start(FakeOptions.defaults().withPort(first.port())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not start");
    }
  }

  @Test
  void optionsAreValidated() {
    FakeOptions defaults = FakeOptions.defaults();
    assertThat(defaults.host()).isEqualTo("127.0.0.1");
    assertThat(defaults.defaultTokens()).isEqualTo(16);
    assertThat(defaults.embeddingDims()).isEqualTo(384);
    assertThat(defaults.withLatencyMs(5).withTtftMs(6).withTokenDelayMs(7))
        .extracting(FakeOptions::latencyMs, FakeOptions::ttftMs, FakeOptions::tokenDelayMs)
        .containsExactly(5L, 6L, 7L);
    assertThatThrownBy(() -> defaults.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withLatencyMs(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withModels(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withEmbeddingDims(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withEventLoops(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void optionDefaultsApplyToEveryRequest() {
    try (FakeProvider provider = FakeProvider.start(FakeOptions.defaults().withDefaultTokens(3)
        .withEmbeddingDims(12).withModels(List.of("only-model")))) {
      FakeHttp http = new FakeHttp(provider);
      assertThat(FakeHttp.json(http.post("/v1/chat/completions",
          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).at("/usage/completion_tokens").asInt())
          .isEqualTo(3);
      assertThat(FakeHttp.json(http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}"))
          .at("/data/0/embedding")).hasSize(12);
      assertThat(FakeHttp.json(http.get("/v1/models")).at("/data/0/id").asText()).isEqualTo("only-model");
    }
  }
}
