package dev.paved.fake;

import java.util.concurrent.ThreadLocalRandom;

/** Random ids shaped like the real providers' ({@code chatcmpl-…}, {@code msg_…}, {@code toolu_…}). */
final class Ids {

  private static final char[] ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

  private Ids() {
  }

  static String chatCompletion() {
    return next("chatcmpl-", 24);
  }

  static String toolCall() {
    return next("call_", 24);
  }

  static String message() {
    return next("msg_", 24);
  }

  static String toolUse() {
    return next("toolu_", 24);
  }

  static String request() {
    return next("req_", 24);
  }

  static String next(String prefix, int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[prefix.length() + length];
    prefix.getChars(0, prefix.length(), out, 0);
    for (int i = prefix.length(); i < out.length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
