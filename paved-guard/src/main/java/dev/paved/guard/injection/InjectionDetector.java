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

    /**
     * Invisible characters, confusables or decoded payloads changed more than letter case and spacing: whether
     * {@code normalized} differs from the original lower-cased, with whitespace runs collapsed to one space and
     * the ends stripped ({@link #plain}). Compared in one pass without building that string; the two characters
     * whose lower case depends on context or changes length (dotted capital I, capital sigma) take the slow way.
     */
    static boolean differsBeyondCase(String original, String normalized) {
        int len = original.length();
        int i = 0;
        while (i < len && Character.isWhitespace(original.charAt(i))) {
            i++;
        }
        int end = len;
        while (end > i && Character.isWhitespace(original.charAt(end - 1))) {
            end--;
        }
        int j = 0;
        int n = normalized.length();
        while (i < end) {
            int cp = original.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80 && regexSpace((char) cp)) {
                while (i < end && regexSpace(original.charAt(i))) {
                    i++;
                }
                cp = ' ';
            } else if (cp == 0x130 || cp == 0x3A3) {
                return !plain(original).equals(normalized);
            } else {
                cp = cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp) : Character.toLowerCase(cp);
            }
            if (j >= n || normalized.codePointAt(j) != cp) {
                return true;
            }
            j += Character.charCount(cp);
        }
        return j != n;
    }

    /** The reference form {@link #differsBeyondCase} compares with: lower case, whitespace runs as one space, stripped. */
    static String plain(String original) {
        return original.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /** The characters of the regex class {@code \s} (without Unicode character classes). */
    private static boolean regexSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
