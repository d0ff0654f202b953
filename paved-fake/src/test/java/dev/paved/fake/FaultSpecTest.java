package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultSpecTest {

  @Test
  void parsesEveryMode() {
    assertThat(FaultSpec.parse("status=503")).isEqualTo(FaultSpec.status(503));
    assertThat(FaultSpec.parse(" status = 429 , retry-after = 2 ")).isEqualTo(FaultSpec.status(429, 2));
    assertThat(FaultSpec.parse("status=429,retry-after-ms=250").retryAfterMs()).isEqualTo(250);
    assertThat(FaultSpec.parse("hang")).isEqualTo(FaultSpec.hang());
    assertThat(FaultSpec.parse("hang-mid-stream")).isEqualTo(FaultSpec.hangMidStream(-1));
    assertThat(FaultSpec.parse("hang-mid-stream,after=5")).isEqualTo(FaultSpec.hangMidStream(5));
    assertThat(FaultSpec.parse("reset")).isEqualTo(FaultSpec.reset());
    assertThat(FaultSpec.parse("reset-mid-stream,after=0")).isEqualTo(FaultSpec.resetMidStream(0));
    assertThat(FaultSpec.parse("malformed")).isEqualTo(FaultSpec.malformed());
    assertThat(FaultSpec.parse("slow-first-byte=750")).isEqualTo(FaultSpec.slowFirstByte(750));
  }

  @ParameterizedTest
  @ValueSource(strings = {"status=429,retry-after=2,retry-after-ms=10", "hang", "hang-mid-stream,after=3",
      "reset-mid-stream", "malformed", "slow-first-byte=100", "status=529"})
  void syntaxRoundTrips(String text) {
    FaultSpec spec = FaultSpec.parse(text);

    assertThat(FaultSpec.parse(spec.syntax())).isEqualTo(spec);
    assertThat(spec.syntax()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "explode", "status", "status=abc", "status=200", "status=600", "hang,reset",
      "hang=1", "retry-after=1", "hang,retry-after=1", "reset,after=2", "slow-first-byte", "after=-1,hang-mid-stream",
      "status=503,bogus=1"})
  void rejectsInvalidSyntax(String text) {
    assertThatThrownBy(() -> FaultSpec.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void statsKeyNamesTheStatusOrTheMode() {
    assertThat(FaultSpec.status(503).statsKey()).isEqualTo("status=503");
    assertThat(FaultSpec.hangMidStream(2).statsKey()).isEqualTo("hang-mid-stream");
  }

  @Test
  void controllerCountsDownAndMatchesPathAndModel() {
    FaultController controller = new FaultController();
    controller.add(FaultRule.nextRequests(2, FaultSpec.reset()).onlyPath("/v1/embeddings").onlyModel("m"));

    assertThat(controller.pick("/v1/chat/completions", "m")).isNull();
    assertThat(controller.pick("/v1/embeddings", "other")).isNull();
    assertThat(controller.pick("/v1/embeddings", "m")).isEqualTo(FaultSpec.reset());
    assertThat(controller.active()).singleElement().satisfies(active -> {
      assertThat(active.remaining()).isEqualTo(1);
      assertThat(active.injected()).isEqualTo(1);
    });
    assertThat(controller.pick("/v1/embeddings", "m")).isEqualTo(FaultSpec.reset());
    assertThat(controller.active()).isEmpty();
    assertThat(controller.pick("/v1/embeddings", "m")).isNull();
  }

  @Test
  void firstMatchingRuleWins() {
    FaultController controller = new FaultController();
    controller.failNext(1, "status=500");
    controller.failUntilCleared("hang");

    assertThat(controller.pick("/v1/messages", null)).isEqualTo(FaultSpec.status(500));
    assertThat(controller.pick("/v1/messages", null)).isEqualTo(FaultSpec.hang());
    assertThat(controller.pick("/v1/messages", null)).isEqualTo(FaultSpec.hang());
  }

  @Test
  void rulesRejectNonsense() {
    assertThatThrownBy(() -> FaultRule.nextRequests(0, FaultSpec.hang())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultRule.fraction(0, 1, FaultSpec.hang())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultRule.fraction(1.5, 1, FaultSpec.hang())).isInstanceOf(IllegalArgumentException.class);
  }
}
