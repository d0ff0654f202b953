package dev.paved.rag.rewrite;

import dev.paved.rag.Terms;
import dev.paved.rag.Turn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Step 4 without a model call. A follow-up ("and what about its fees?") is made standalone by adding the content
 * words of the latest user turns it refers back to; a compound question ("X and Y?", or several questions) is
 * decomposed into sub-queries retrieved separately. Rewriting only runs when the lifecycle decides it should:
 * for conversational queries, or after a retrieval with low confidence.
 */
public final class QueryRewriter {
    private static final Set<String> REFERRING = Set.of("it", "its", "they", "them", "their", "this", "that", "these", "those",
            "he", "she", "his", "her", "there", "one", "ones", "same", "former", "latter", "else");
    private static final Pattern FOLLOW_UP_START = Pattern.compile("(?i)^(and|also|but|so|what about|how about|then|or)\\b");
    private static final Pattern QUESTION_SPLIT = Pattern.compile("\\?\\s+|;\\s+|(?i)\\s+and\\s+(?=(what|how|when|where|who|which|why|is|are|do|does|can)\\b)");
    /** Words carried over from history into a standalone query. */
    static final int CARRY_TERMS = 6;

    private QueryRewriter() {
    }

    /** The rewritten queries and how they came about. */
    public record Rewrite(List<String> queries, String how) {
        public boolean changed(String original) {
            return queries.size() != 1 || !queries.get(0).equals(original);
        }
    }

    /** Whether the query depends on earlier turns: it refers back, opens like a follow-up, or is too short to stand alone. */
    public static boolean conversational(String query, List<Turn> history) {
        if (history.isEmpty()) {
            return false;
        }
        if (FOLLOW_UP_START.matcher(query.strip()).find()) {
            return true;
        }
        for (String w : query.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            if (REFERRING.contains(w)) {
                return true;
            }
        }
        return Terms.set(query).size() <= 2;
    }

    /** A follow-up made standalone with the history's latest user turns. */
    public static Rewrite standalone(String query, List<Turn> history) {
        Set<String> own = Terms.set(query);
        Set<String> carried = new LinkedHashSet<>();
        for (int i = history.size() - 1; i >= 0 && carried.size() < CARRY_TERMS; i--) {
            Turn t = history.get(i);
            if (!t.role().equals(Turn.USER)) {
                continue;
            }
            for (String term : Terms.of(t.text())) {
                if (!own.contains(term) && carried.size() < CARRY_TERMS) {
                    carried.add(term);
                }
            }
        }
        if (carried.isEmpty()) {
            return new Rewrite(List.of(query), "unchanged");
        }
        return new Rewrite(List.of(query.strip() + " (" + String.join(" ", carried) + ")"), "standalone");
    }

    /** Sub-queries of a compound question, at most {@code max}; the query itself when it does not split. */
    public static Rewrite decompose(String query, int max) {
        List<String> parts = new ArrayList<>();
        for (String p : QUESTION_SPLIT.split(query.strip())) {
            String s = p.strip();
            if (Terms.set(s).size() >= 2) {
                parts.add(s.endsWith("?") ? s : s + "?");
            }
        }
        if (parts.size() < 2) {
            return new Rewrite(List.of(query), "unchanged");
        }
        return new Rewrite(List.copyOf(parts.subList(0, Math.min(max, parts.size()))), "decomposed");
    }
}
