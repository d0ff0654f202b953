package dev.paved.knowledge.chunk;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural levels a text is cut at, coarsest first: sections (before a Markdown heading), paragraphs (after a
 * blank line), lines, sentences and words. Each level returns cut positions strictly inside a range, so that the
 * pieces between them cover the range exactly and no character is lost.
 */
enum Boundaries {
    HEADINGS {
        @Override
        List<Integer> cuts(String text, int start, int end) {
            return matchStarts(HEADING, text, start, end);
        }
    },
    PARAGRAPHS {
        @Override
        List<Integer> cuts(String text, int start, int end) {
            return matchEnds(BLANK_LINE, text, start, end);
        }
    },
    LINES {
        @Override
        List<Integer> cuts(String text, int start, int end) {
            return matchEnds(NEWLINE, text, start, end);
        }
    },
    SENTENCES {
        @Override
        List<Integer> cuts(String text, int start, int end) {
            BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
            it.setText(text.substring(start, end));
            List<Integer> out = new ArrayList<>();
            for (int b = it.next(); b != BreakIterator.DONE; b = it.next()) {
                if (b > 0 && start + b < end) {
                    out.add(start + b);
                }
            }
            return out;
        }
    },
    WORDS {
        @Override
        List<Integer> cuts(String text, int start, int end) {
            return matchEnds(WHITESPACE, text, start, end);
        }
    };

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}[ \\t]");
    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t]*\\n\\s*");
    private static final Pattern NEWLINE = Pattern.compile("\\n\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Cut positions in {@code (start, end)}, ascending. */
    abstract List<Integer> cuts(String text, int start, int end);

    /** Sentence spans of the whole text, whitespace between sentences left out. */
    static List<int[]> sentences(String text) {
        List<int[]> out = new ArrayList<>();
        int prev = 0;
        List<Integer> cuts = new ArrayList<>(SENTENCES.cuts(text, 0, text.length()));
        cuts.add(text.length());
        for (int cut : cuts) {
            int[] trimmed = trim(text, prev, cut);
            if (trimmed != null) {
                out.add(trimmed);
            }
            prev = cut;
        }
        return out;
    }

    /** {@code [start, end)} without surrounding whitespace, or null when it is all whitespace. */
    static int[] trim(String text, int start, int end) {
        int s = start;
        int e = end;
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        return s == e ? null : new int[] {s, e};
    }

    private static List<Integer> matchStarts(Pattern p, String text, int start, int end) {
        List<Integer> out = new ArrayList<>();
        Matcher m = p.matcher(text).region(start, end);
        m.useTransparentBounds(true).useAnchoringBounds(false);
        while (m.find()) {
            if (m.start() > start) {
                out.add(m.start());
            }
        }
        return out;
    }

    private static List<Integer> matchEnds(Pattern p, String text, int start, int end) {
        List<Integer> out = new ArrayList<>();
        Matcher m = p.matcher(text).region(start, end);
        while (m.find()) {
            if (m.end() > start && m.end() < end) {
                out.add(m.end());
            }
        }
        return out;
    }
}
