package dev.paved.fake;

/** The fake tokenizer: one token per whitespace-separated word. */
final class PromptWords {

  private PromptWords() {
  }

  static int count(CharSequence text) {
    if (text == null) {
      return 0;
    }
    int words = 0;
    boolean inWord = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
