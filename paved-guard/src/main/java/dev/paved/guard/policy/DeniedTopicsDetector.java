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
import java.util.regex.Pattern;

/**
 * A tenant's denied topics: each topic is a list of keywords or phrases, matched as whole words on the
 * normalised text (so zero-width characters, look-alike letters and letter spacing do not hide them).
 */
public final class DeniedTopicsDetector implements Detector {
    private final Map<String, Pattern> topics = new LinkedHashMap<>();
    /** Per topic, the normalised keywords: a topic's pattern runs only when one of them occurs as a substring. */
    private final Map<String, List<String>> literals = new LinkedHashMap<>();
    /** Every keyword and phrase, normalised. */
    private final List<String> phrases = new ArrayList<>();

    /** @param topics topic name to its keywords and phrases */
    public DeniedTopicsDetector(Map<String, List<String>> topics) {
        for (Map.Entry<String, List<String>> t : topics.entrySet()) {
            if (t.getValue().isEmpty()) {
                throw new IllegalArgumentException("denied topic '" + t.getKey() + "' has no keywords");
            }
            StringBuilder alt = new StringBuilder();
            List<String> words = new ArrayList<>();
            for (String k : t.getValue()) {
                String norm = TextNormalizer.fold(k).toLowerCase(Locale.ROOT);
                if (norm.isBlank()) {
                    throw new IllegalArgumentException("denied topic '" + t.getKey() + "' has a blank keyword");
                }
                words.add(norm.split(" ")[0]);
                phrases.add(norm);
                alt.append(alt.isEmpty() ? "" : "|").append(Pattern.quote(norm).replace(" ", "\\E\\s+\\Q"));
            }
            this.literals.put(t.getKey(), words);
            this.topics.put(t.getKey(), Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alt + ")(?![\\p{L}\\p{N}])", Pattern.UNICODE_CASE));
        }
    }

    @Override
    public List<String> phrases() {
        return List.copyOf(phrases);
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        if (topics.isEmpty()) {
            return List.of();
        }
        String norm = TextNormalizer.fold(text);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Pattern> t : topics.entrySet()) {
            if (literals.get(t.getKey()).stream().anyMatch(norm::contains) && t.getValue().matcher(norm).find()) {
                out.add(Finding.whole("denied_topics", "policy.denied_topic." + t.getKey(), 1.0));
            }
        }
        return out;
    }
}
