package dev.paved.fake;

import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link FakeProvider}. Timing values are the defaults for every request; the
 * {@code x-fake-*} request headers override them per request.
 *
 * @param host             interface to listen on (default {@code 127.0.0.1})
 * @param port             TCP port, {@code 0} for an ephemeral one
 * @param defaultTokens    output tokens per completion when the request does not say otherwise (16)
 * @param latencyMs        delay before the response head (first byte)
 * @param ttftMs           streams: extra delay between the response head and the first content token
 * @param tokenDelayMs     streams: delay between content tokens
 * @param requireApiKey    reject requests without {@code Authorization: Bearer …} (OpenAI paths) or
 *                         {@code x-api-key} (Anthropic) with 401
 * @param embeddingDims    embedding dimensions when the request has no {@code dimensions} (384)
 * @param models           ids listed by {@code GET /v1/models}
 * @param recordedRequests how many recent requests to keep for {@link FakeProvider#recentRequests()}
 *                         (0 turns recording off)
 * @param eventLoops       event-loop threads serving the port (1)
 */
public record FakeOptions(
    String host,
    int port,
    int defaultTokens,
    long latencyMs,
    long ttftMs,
    long tokenDelayMs,
    boolean requireApiKey,
    int embeddingDims,
    List<String> models,
    int recordedRequests,
    int eventLoops) {

  /** Largest accepted output length (options and {@code x-fake-tokens}). */
  public static final int MAX_TOKENS = 100_000;
  /** Largest accepted embedding dimension. */
  public static final int MAX_EMBEDDING_DIMS = 16_384;

  public FakeOptions {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (defaultTokens < 0 || defaultTokens > MAX_TOKENS) {
      throw new IllegalArgumentException("defaultTokens must be 0.." + MAX_TOKENS + ", got " + defaultTokens);
    }
    if (latencyMs < 0 || ttftMs < 0 || tokenDelayMs < 0) {
      throw new IllegalArgumentException("delays must not be negative");
    }
    if (embeddingDims < 1 || embeddingDims > MAX_EMBEDDING_DIMS) {
      throw new IllegalArgumentException("embeddingDims must be 1.." + MAX_EMBEDDING_DIMS + ", got " + embeddingDims);
    }
    models = List.copyOf(Objects.requireNonNull(models, "models"));
    if (models.isEmpty()) {
      throw new IllegalArgumentException("models must not be empty");
    }
    if (recordedRequests < 0) {
      throw new IllegalArgumentException("recordedRequests must not be negative");
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1");
    }
  }

  /** Loopback, ephemeral port, 16 tokens, no delays, no key required, 384 dims, 200 recorded requests. */
  public static FakeOptions defaults() {
    return new FakeOptions("127.0.0.1", 0, 16, 0, 0, 0, false, 384,
        List.of("fake-gpt", "fake-claude", "fake-embed"), 200, 1);
  }

  public FakeOptions withHost(String value) {
    return new FakeOptions(value, port, defaultTokens, latencyMs, ttftMs, tokenDelayMs, requireApiKey,
        embeddingDims, models, recordedRequests, eventLoops);
  }

  public FakeOptions withPort(int value) {
    return new FakeOptions(host, value, defaultTokens, latencyMs, ttftMs, tokenDelayMs, requireApiKey,
        embeddingDims, models, recordedRequests, eventLoops);
  }

  public FakeOptions withDefaultTokens(int value) {
    return new FakeOptions(host, port, value, latencyMs, ttftMs, tokenDelayMs, requireApiKey,
        embeddingDims, models, recordedRequests, eventLoops);
  }

  public FakeOptions withLatencyMs(long value) {
    return new FakeOptions(host, port, defaultTokens, value, ttftMs, tokenDelayMs, requireApiKey,
        embeddingDims, models, recordedRequests, eventLoops);
  }

  public FakeOptions withTtftMs(long value) {
    return new FakeOptions(host, port, defaultTokens, latencyMs, value, tokenDelayMs, requireApiKey,
        embeddingDims, models, recordedRequests, eventLoops);
  }

  public FakeOptions withTokenDelayMs(long value) {
    return new FakeOptions(host, port, defaultTokens, latencyMs, ttftMs, value, requireApiKey,
        embeddingDims, models, recordedRequests, eventLoops);
  }

  public FakeOptions withRequireApiKey(boolean value) {
    return new FakeOptions(host, port, defaultTokens, latencyMs, ttftMs, tokenDelayMs, value,
        embeddingDims, models, recordedRequests, eventLoops);
  }

  public FakeOptions withEmbeddingDims(int value) {
    return new FakeOptions(host, port, defaultTokens, latencyMs, ttftMs, tokenDelayMs, requireApiKey,
        value, models, recordedRequests, eventLoops);
  }

  public FakeOptions withModels(List<String> value) {
    return new FakeOptions(host, port, defaultTokens, latencyMs, ttftMs, tokenDelayMs, requireApiKey,
        embeddingDims, value, recordedRequests, eventLoops);
  }

  public FakeOptions withRecordedRequests(int value) {
    return new FakeOptions(host, port, defaultTokens, latencyMs, ttftMs, tokenDelayMs, requireApiKey,
        embeddingDims, models, value, eventLoops);
  }

  public FakeOptions withEventLoops(int value) {
    return new FakeOptions(host, port, defaultTokens, latencyMs, ttftMs, tokenDelayMs, requireApiKey,
        embeddingDims, models, recordedRequests, value);
  }
}
