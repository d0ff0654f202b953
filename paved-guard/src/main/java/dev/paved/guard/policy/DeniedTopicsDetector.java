package dev.paved.guard.policy;

import dev.paved.guard.Detector;
import dev.paved.guard.Finding;
import dev.paved.guard.ScanContext;
import dev.paved.guard.injection.TextNormalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant's denied topics: each topic is a list of keywords or phrases, matched as whole words on the
 * normalised text (so zero-width characters, look-alike letters and letter spacing do not hide them).
 * Each phrase is looked for only where its longest word occurs, so a long text costs a few substring
 * searches, not a regular-expression scan per topic.
 */
public final class DeniedTopicsDetector implements Detector {
    /** How far a phrase's match may start before, or end after, where its longest word predicts. */
    private static final int SLACK = 4;

    /**
     * One keyword or phrase, normalised: its longest word, where that word sits in the phrase, and the whole-word pattern.
     */
    private record Keyword(String phrase, String literal, int literalOffset, Pattern pattern) {
        boolean occursIn(String norm) {
            Matcher m = null;
            for (int at = norm.indexOf(literal); at >= 0; at = norm.indexOf(literal, at + 1)) {
                int from = Math.max(0, at - literalOffset - SLACK);
                int to = Math.min(norm.length(), at - literalOffset + phrase.length() + SLACK);
                if (m == null) {
                    m = pattern.matcher(norm).useTransparentBounds(true).useAnchoringBounds(false);
                }
                if (m.region(from, to).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Map<String, List<Keyword>> topics = new LinkedHashMap<>();

    /** @param topics topic name to its keywords and phrases */
    public DeniedTopicsDetector(Map<String, List<String>> topics) {
        for (Map.Entry<String, List<String>> t : topics.entrySet()) {
            if (t.getValue().isEmpty()) {
                throw new IllegalArgumentException("denied topic '" + t.getKey() + "' has no keywords");
            }
            List<Keyword> keywords = new ArrayList<>();
            for (String k : t.getValue()) {
                String norm = TextNormalizer.fold(k).toLowerCase(Locale.ROOT);
                if (norm.isBlank()) {
                    throw new IllegalArgumentException("denied topic '" + t.getKey() + "' has a blank keyword");
                }
                keywords.add(keyword(norm));
            }
            this.topics.put(t.getKey(), keywords);
        }
    }

    private static Keyword keyword(String norm) {
        String longest = "";
        int offset = 0;
        int at = 0;
        for (String w : norm.split(" ")) {
            if (w.length() > longest.length()) {
                longest = w;
                offset = at;
            }
            at += w.length() + 1;
        }
        Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(norm).replace(" ", "\\E\\s+\\Q") + "(?![\\p{L}\\p{N}])",
                Pattern.UNICODE_CASE);
        return new Keyword(norm, longest, offset, p);
    }

    @Override
    public List<String> phrases() {
        return topics.values().stream().flatMap(List::stream).map(Keyword::phrase).toList();
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        if (topics.isEmpty()) {
            return List.of();
        }
        String norm = TextNormalizer.fold(text);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Keyword>> t : topics.entrySet()) {
            for (Keyword k : t.getValue()) {
                if (k.occursIn(norm)) {
                    out.add(Finding.whole("denied_topics", "policy.denied_topic." + t.getKey(), 1.0));
                    break;
                }
            }
        }
        return out;
    }
}
