package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PromptCacheTest {

  private static final String[] HEADERS = {"anthropic-version", "2023-06-01"};
  /** 10 words, cached. */
  private static final String SYSTEM = "one two three four five six seven eight nine ten";

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
  void forget() {
    provider.clearPromptCache();
  }

  private static String request(String system, String question, boolean cacheQuestion, boolean stream) {
    String questionBlock = "{\"type\":\"text\",\"text\":\"" + question + "\""
        + (cacheQuestion ? ",\"cache_control\":{\"type\":\"ephemeral\"}" : "") + "}";
    return """
        {"model":"fake-claude","max_tokens":50,"stream":%s,
         "system":[{"type":"text","text":"%s","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":[%s]}]}""".formatted(stream, system, questionBlock);
  }

  private static JsonNode usage(String body) {
    return FakeHttp.json(http.post("/v1/messages", body, HEADERS)).get("usage");
  }

  @Test
  void firstRequestWritesThePrefixAndTheNextOneReadsIt() {
    JsonNode first = usage(request(SYSTEM, "what is up", false, false));
    JsonNode second = usage(request(SYSTEM, "what is up", false, false));

    assertThat(first.get("cache_creation_input_tokens").asInt()).isEqualTo(10);
    assertThat(first.get("cache_read_input_tokens").asInt()).isZero();
    assertThat(first.get("input_tokens").asInt()).isEqualTo(3);
    assertThat(second.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(second.get("cache_read_input_tokens").asInt()).isEqualTo(10);
    assertThat(second.get("input_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void uncachedTailDoesNotMatterButADifferentPrefixIsWrittenAgain() {
    usage(request(SYSTEM, "first question", false, false));

    JsonNode samePrefix = usage(request(SYSTEM, "a different question here", false, false));
    JsonNode otherPrefix = usage(request(SYSTEM + " eleven", "first question", false, false));

    assertThat(samePrefix.get("cache_read_input_tokens").asInt()).isEqualTo(10);
    assertThat(samePrefix.get("input_tokens").asInt()).isEqualTo(4);
    assertThat(otherPrefix.get("cache_creation_input_tokens").asInt()).isEqualTo(11);
    assertThat(otherPrefix.get("cache_read_input_tokens").asInt()).isZero();
  }

  @Test
  void laterBreakpointReadsTheLongestKnownPrefixAndWritesTheRest() {
    usage(request(SYSTEM, "what is up", false, false));

    JsonNode extended = usage(request(SYSTEM, "what is up", true, false));
    JsonNode repeated = usage(request(SYSTEM, "what is up", true, false));

    assertThat(extended.get("cache_read_input_tokens").asInt()).isEqualTo(10);
    assertThat(extended.get("cache_creation_input_tokens").asInt()).isEqualTo(3);
    assertThat(extended.get("input_tokens").asInt()).isZero();
    assertThat(repeated.get("cache_read_input_tokens").asInt()).isEqualTo(13);
    assertThat(repeated.get("cache_creation_input_tokens").asInt()).isZero();
  }

  @Test
  void cacheControlMarkersAreNotPartOfThePrefix() {
    usage(request(SYSTEM, "what is up", true, false));

    JsonNode moved = usage(request(SYSTEM, "what is up", false, false));

    assertThat(moved.get("cache_read_input_tokens").asInt()).isEqualTo(10);
  }

  @Test
  void streamReportsCacheUsageInMessageStart() {
    http.stream("/v1/messages", request(SYSTEM, "hi", false, true), HEADERS);

    List<FakeHttp.SseEvent> events = http.stream("/v1/messages", request(SYSTEM, "hi", false, true), HEADERS);

    JsonNode usage = events.get(0).json().at("/message/usage");
    assertThat(usage.get("cache_read_input_tokens").asInt()).isEqualTo(10);
    assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(usage.get("input_tokens").asInt()).isEqualTo(1);
  }

  @Test
  void clearingTheCacheMakesTheNextRequestWriteAgain() {
    usage(request(SYSTEM, "hi", false, false));
    provider.clearPromptCache();

    JsonNode again = usage(request(SYSTEM, "hi", false, false));

    assertThat(again.get("cache_creation_input_tokens").asInt()).isEqualTo(10);
  }

  @Test
  void theModelIsPartOfTheCacheKey() {
    usage(request(SYSTEM, "hi", false, false));

    JsonNode otherModel = usage(request(SYSTEM, "hi", false, false).replace("fake-claude", "fake-claude-2"));

    assertThat(otherModel.get("cache_creation_input_tokens").asInt()).isEqualTo(10);
  }
}
