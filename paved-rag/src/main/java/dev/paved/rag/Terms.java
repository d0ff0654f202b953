package dev.paved.rag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Content words of a text: lower-cased letter-or-digit runs without common function words, with plural and a few
 * inflection endings folded so that "refunds" matches "refund". Used to score sentences, to measure retrieval
 * confidence and to spot conversational follow-ups; not a linguistic analyser.
 */
public final class Terms {
    private static final Set<String> STOP = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for", "from",
            "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or",
            "our", "please", "should", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
            "those", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with",
            "would", "you", "your", "about", "any", "all", "also", "tell", "there's", "what's", "much", "many");

    private Terms() {
    }

    /** Content terms in order of appearance, repeats kept. */
    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        int n = lower.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(lower.charAt(i)) || (lower.charAt(i) == '\'' && i + 1 < n
                    && Character.isLetter(lower.charAt(i + 1))))) {
                i++;
            }
            if (i > start) {
                String w = lower.substring(start, i);
                if (!STOP.contains(w)) {
                    out.add(stem(w));
                }
            }
        }
        return out;
    }

    /** Distinct content terms. */
    public static Set<String> set(String text) {
        return new LinkedHashSet<>(of(text));
    }

    public static boolean isStopWord(String lowerWord) {
        return STOP.contains(lowerWord);
    }

    static String stem(String w) {
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 5 && (w.endsWith("ing"))) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ed") && !w.endsWith("eed")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
