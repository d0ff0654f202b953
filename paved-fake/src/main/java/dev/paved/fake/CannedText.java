package dev.paved.fake;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The fake model's output: token {@code i} is {@code WORDS[i % 8] + " "}. */
final class CannedText {

  static final List<String> WORDS =
      List.of("lorem", "ipsum", "dolor", "sit", "amet", "fake", "token", "reply");

  private static final String[] TOKENS = new String[WORDS.size()];
  private static final byte[][] TOKEN_UTF8 = new byte[WORDS.size()][];
  private static final int CACHED_TEXTS = 1024;
  private static final String[] TEXTS = new String[CACHED_TEXTS + 1];

  static {
    for (int i = 0; i < TOKENS.length; i++) {
      TOKENS[i] = WORDS.get(i) + " ";
      TOKEN_UTF8[i] = TOKENS[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  private CannedText() {
  }

  static String token(int i) {
    return TOKENS[i & 7];
  }

  /** Token {@code i} as UTF-8; it needs no JSON escaping. */
  static byte[] tokenUtf8(int i) {
    return TOKEN_UTF8[i & 7];
  }

  /** The first {@code n} tokens concatenated (ends with a space when n > 0). */
  static String text(int n) {
    if (n <= CACHED_TEXTS) {
      String cached = TEXTS[n];
      if (cached == null) {
        cached = build(n);
        TEXTS[n] = cached;
      }
      return cached;
    }
    return build(n);
  }

  /** The first {@code n} words joined by single spaces, without the trailing space. */
  static String words(int n) {
    String text = text(n);
    return n == 0 ? text : text.substring(0, text.length() - 1);
  }

  private static String build(int n) {
    StringBuilder out = new StringBuilder(n * 6);
    for (int i = 0; i < n; i++) {
      out.append(token(i));
    }
    return out.toString();
  }
}
