package dev.paved.fake;

import java.util.ArrayList;
import java.util.List;

/** The output of one completion split into the pieces a stream sends, one per output token. */
sealed interface ContentPieces {

  int size();

  String piece(int i);

  /** Piece {@code i} as UTF-8, escaped for a JSON string literal. */
  byte[] escaped(int i);

  /** All pieces concatenated. */
  String text();

  static ContentPieces canned(int tokens) {
    return new Canned(tokens);
  }

  static ContentPieces of(List<String> pieces) {
    return new Listed(List.copyOf(pieces));
  }

  /** Splits {@code text} into pieces of at most {@code maxChars} chars, never inside a surrogate pair. */
  static ContentPieces split(String text, int maxChars) {
    List<String> pieces = new ArrayList<>(text.length() / maxChars + 1);
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + maxChars);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      pieces.add(text.substring(start, end));
      start = end;
    }
    return new Listed(pieces);
  }

  /** The canned lorem-ipsum tokens; no per-request allocation. */
  record Canned(int size) implements ContentPieces {

    @Override
    public String piece(int i) {
      return CannedText.token(i);
    }

    @Override
    public byte[] escaped(int i) {
      return CannedText.tokenUtf8(i);
    }

    @Override
    public String text() {
      return CannedText.text(size);
    }
  }

  /** Arbitrary pieces (JSON answers, tool-call arguments). */
  record Listed(List<String> pieces) implements ContentPieces {

    @Override
    public int size() {
      return pieces.size();
    }

    @Override
    public String piece(int i) {
      return pieces.get(i);
    }

    @Override
    public byte[] escaped(int i) {
      return Json.escaped(pieces.get(i));
    }

    @Override
    public String text() {
      return String.join("", pieces);
    }
  }
}
