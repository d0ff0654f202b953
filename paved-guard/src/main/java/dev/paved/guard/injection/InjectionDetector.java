package dev.paved.guard.injection;

import dev.paved.guard.Detector;
import dev.paved.guard.Finding;
import dev.paved.guard.ScanContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The layered prompt-injection and jailbreak detector: normalise against obfuscation, match signature and
 * heuristic rules on the normalised text and its leetspeak reading, then ask the learned classifier when
 * one is configured. Reports every layer's score so the verdict can be explained; the scanner's threshold
 * applies to the highest.
 */
public final class InjectionDetector implements Detector {
    /** Texts longer than this are checked on their first and last parts, where appended instructions sit. */
    static final int MAX_CLASSIFIED_CHARS = 8_000;

    private final boolean rules;
    private final List<InjectionClassifier> classifiers;

    /**
     * @param rules      run the signature and heuristic rules
     * @param classifier the learned layer, or null for rules only
     */
    public InjectionDetector(boolean rules, InjectionClassifier classifier) {
        this(rules, classifier == null ? List.of() : List.of(classifier));
    }

    /** @param classifiers learned layers, each reporting its own finding */
    public InjectionDetector(boolean rules, List<InjectionClassifier> classifiers) {
        if (!rules && classifiers.isEmpty()) {
            throw new IllegalArgumentException("an injection detector needs rules, a classifier, or both");
        }
        this.rules = rules;
        this.classifiers = List.copyOf(classifiers);
    }

    /** Rules and the bundled hashed-n-gram logistic regression. */
    public static InjectionDetector standard() {
        return new InjectionDetector(true, LogisticModel.bundled());
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        String normalized = TextNormalizer.normalize(text);
        List<Finding> out = new ArrayList<>();
        boolean obfuscated = differsBeyondCase(text, normalized);
        if (rules) {
            String leet = TextNormalizer.leetWindows(normalized, 200);
            out.addAll(InjectionRules.match(leet == null ? List.of(normalized) : List.of(normalized, leet)));
        }
        if (!classifiers.isEmpty()) {
            String input = normalized.length() <= MAX_CLASSIFIED_CHARS ? normalized
                    : normalized.substring(0, MAX_CLASSIFIED_CHARS / 2) + " " + normalized.substring(normalized.length() - MAX_CLASSIFIED_CHARS / 2);
            for (InjectionClassifier c : classifiers) {
                double s = Math.max(0, Math.min(1, c.score(input)));
                out.add(Finding.whole("injection", c.code(), s));
            }
        }
        if (obfuscated && !out.isEmpty() && out.stream().anyMatch(f -> f.score() >= 0.5)) {
            out.add(Finding.whole("injection", "injection.obfuscated", 0.5));
        }
        return out;
    }

    /** Invisible characters, confusables or decoded payloads changed more than letter case and spacing. */
    private static boolean differsBeyondCase(String original, String normalized) {
        String plain = original.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
        return !plain.equals(normalized);
    }
}
