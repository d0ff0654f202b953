package dev.paved.rag.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits passage text into sentences: at sentence punctuation followed by a capital or digit, and at line breaks. */
final class Sentences {
    private static final Pattern LINES = Pattern.compile("\\n+");
    private static final Pattern END = Pattern.compile("(?<=[.!?])[\"')\\]]?\\s+(?=[\\p{Lu}\\p{N}\"'(\\[])");
    private static final Pattern MARKUP = Pattern.compile("^(#+|[-*•]|\\d+[.)])\\s+");

    private Sentences() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String line : LINES.split(text)) {
            String l = MARKUP.matcher(line.strip()).replaceFirst("");
            for (String s : END.split(l)) {
                String t = s.strip();
                if (t.length() >= 3) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
