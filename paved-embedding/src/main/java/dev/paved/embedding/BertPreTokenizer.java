package dev.paved.embedding;

import java.util.ArrayList;
import java.util.List;

/** Splits normalised text into words: on whitespace (dropped) and around every punctuation character (kept). */
final class BertPreTokenizer {

    private BertPreTokenizer() {
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (BertCharacters.isWhitespace(cp)) {
                flush(word, words);
            } else if (BertCharacters.isPunctuation(cp)) {
                flush(word, words);
                words.add(Character.toString(cp));
            } else {
                word.appendCodePoint(cp);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}
