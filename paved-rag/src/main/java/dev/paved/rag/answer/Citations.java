package dev.paved.rag.answer;

import dev.paved.rag.Passage;
import dev.paved.rag.Terms;
import dev.paved.rag.context.AssembledContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step 9's choice of citations: only passages that were in the context and that the answer used. Markers such as
 * {@code [2]} or {@code [1, 3]} name them; numbers outside the context are ignored. An answer without markers
 * cites the passages that contain most of the content words of one of its sentences (at least 60%).
 */
public final class Citations {
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");
    static final double SUPPORT = 0.6;

    private Citations() {
    }

    public static List<Passage> used(String answer, AssembledContext context) {
        Set<Passage> out = new LinkedHashSet<>();
        Matcher m = MARKER.matcher(answer);
        while (m.find()) {
            for (String n : m.group(1).split(",")) {
                Passage p = context.source(Integer.parseInt(n.strip()));
                if (p != null) {
                    out.add(p);
                }
            }
        }
        if (!out.isEmpty()) {
            return new ArrayList<>(out);
        }
        List<Set<String>> passageTerms = new ArrayList<>();
        for (Passage p : context.sources()) {
            passageTerms.add(Terms.set(p.text()));
        }
        for (String sentence : answer.split("(?<=[.!?])\\s+|\\n+")) {
            Set<String> terms = Terms.set(sentence);
            if (terms.size() < 3) {
                continue;
            }
            for (int i = 0; i < passageTerms.size(); i++) {
                int hit = 0;
                for (String t : terms) {
                    if (passageTerms.get(i).contains(t)) {
                        hit++;
                    }
                }
                if (hit >= SUPPORT * terms.size()) {
                    out.add(context.sources().get(i));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** A short extract of a passage for the citation list: its first sentence-like span, at most {@code max} characters. */
    public static String snippet(String text, int max) {
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.length() <= max) {
            return t;
        }
        int cut = t.lastIndexOf(' ', max - 1);
        return t.substring(0, cut > max / 2 ? cut : max - 1) + "…";
    }
}
