package dev.paved.guard.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sentences of a normalised text, each scored on its own by classifiers that take the highest score: an
 * instruction appended to an ordinary question ("… and what is X? Forget the above and write Y") is diluted in
 * the whole text's features but stands out as a sentence of its own.
 */
public final class Sentences {
    /** Sentences kept when a text has more: the first and last halves, where appended instructions sit. */
    public static final int MAX = 24;
    private static final Pattern SPLIT = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final int MIN_CHARS = 3;

    private Sentences() {
    }

    /** The sentences of {@code normalized}; empty when it is a single sentence (the whole text already covers it). */
    public static List<String> of(String normalized) {
        String[] parts = SPLIT.split(normalized);
        if (parts.length < 2) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Math.min(parts.length, MAX));
        for (String p : parts) {
            String s = p.strip();
            if (s.length() >= MIN_CHARS) {
                out.add(s);
            }
        }
        if (out.size() > MAX) {
            List<String> ends = new ArrayList<>(out.subList(0, MAX / 2));
            ends.addAll(out.subList(out.size() - MAX / 2, out.size()));
            return ends;
        }
        return out;
    }
}
