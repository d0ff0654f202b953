package dev.paved.guard.policy;

import dev.paved.guard.Detector;
import dev.paved.guard.Finding;
import dev.paved.guard.ScanContext;
import java.util.List;
import java.util.Set;

/**
 * Flags text in a language outside the tenant's allowed list. Text shorter than {@code minChars} or whose
 * language cannot be determined passes: a missing signal is not evidence.
 */
public final class AllowedLanguagesDetector implements Detector {
    private final Set<String> allowed;
    private final int minChars;

    public AllowedLanguagesDetector(Set<String> allowed, int minChars) {
        List<String> unknown = LanguageDetector.unknown(List.copyOf(allowed));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown language code(s) " + unknown + "; known: " + String.join(", ",
                    LanguageDetector.KNOWN.stream().sorted().toList()));
        }
        this.allowed = Set.copyOf(allowed);
        this.minChars = minChars;
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        if (text.length() < minChars) {
            return List.of();
        }
        String lang = LanguageDetector.detect(text.length() > 4000 ? text.substring(0, 4000) : text);
        if (lang.equals("und") || allowed.contains(lang)) {
            return List.of();
        }
        return List.of(Finding.whole("language", "policy.language_not_allowed." + lang, 1.0));
    }
}
