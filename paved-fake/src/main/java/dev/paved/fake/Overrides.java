package dev.paved.fake;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/** Timing, length and fault for one request: the options' defaults overridden by {@code x-fake-*} headers. */
record Overrides(long latencyMs, long ttftMs, long tokenDelayMs, int tokens, FaultSpec fault) {

  static final String LATENCY_HEADER = "x-fake-latency-ms";
  static final String TTFT_HEADER = "x-fake-ttft-ms";
  static final String TOKEN_DELAY_HEADER = "x-fake-token-delay-ms";
  static final String TOKENS_HEADER = "x-fake-tokens";
  static final String FAULT_HEADER = "x-fake-fault";

  private static final CharSequence LATENCY = HttpHeaders.createOptimized(LATENCY_HEADER);
  private static final CharSequence TTFT = HttpHeaders.createOptimized(TTFT_HEADER);
  private static final CharSequence TOKEN_DELAY = HttpHeaders.createOptimized(TOKEN_DELAY_HEADER);
  private static final CharSequence TOKENS = HttpHeaders.createOptimized(TOKENS_HEADER);
  private static final CharSequence FAULT = HttpHeaders.createOptimized(FAULT_HEADER);

  static Overrides defaults(FakeOptions options) {
    return new Overrides(options.latencyMs(), options.ttftMs(), options.tokenDelayMs(), options.defaultTokens(), null);
  }

  /**
   * Applies the request's headers to {@code defaults}.
   *
   * @throws IllegalArgumentException when a header value is not valid
   */
  static Overrides from(MultiMap headers, Overrides defaults) {
    String latency = headers.get(LATENCY);
    String ttft = headers.get(TTFT);
    String tokenDelay = headers.get(TOKEN_DELAY);
    String tokens = headers.get(TOKENS);
    String fault = headers.get(FAULT);
    if (latency == null && ttft == null && tokenDelay == null && tokens == null && fault == null) {
      return defaults;
    }
    return new Overrides(
        latency == null ? defaults.latencyMs : number(LATENCY_HEADER, latency, Long.MAX_VALUE),
        ttft == null ? defaults.ttftMs : number(TTFT_HEADER, ttft, Long.MAX_VALUE),
        tokenDelay == null ? defaults.tokenDelayMs : number(TOKEN_DELAY_HEADER, tokenDelay, Long.MAX_VALUE),
        tokens == null ? defaults.tokens : (int) number(TOKENS_HEADER, tokens, FakeOptions.MAX_TOKENS),
        fault == null || fault.isBlank() ? null : parseFault(fault));
  }

  private static FaultSpec parseFault(String value) {
    try {
      return FaultSpec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FAULT_HEADER + ": " + e.getMessage(), e);
    }
  }

  private static long number(String header, String value, long max) {
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      parsed = -1;
    }
    if (parsed < 0 || parsed > max) {
      throw new IllegalArgumentException(header + " must be a whole number 0.." + max + ", got '" + value + "'");
    }
    return parsed;
  }
}
