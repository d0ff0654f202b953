package dev.paved.guard;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The multi-word phrases a chain blocks, as a word trie, to tell whether the last words of a streamed text may be
 * the beginning of one ({@code kill} of {@code kill yourself}): a stream holds such words back until the next word
 * shows the phrase is not coming, so the first words of a blocked phrase are never sent before the stream stops.
 * Words are compared folded, as the word-list detectors compare them (the caller passes their folding, which
 * lives in a package that depends on this one). One-word entries need nothing: a word is
 * held until it ends anyway.
 */
public final class PhrasePrefixes {
    private static final PhrasePrefixes NONE = new PhrasePrefixes(new Node(), 0);

    private static final class Node {
        final Map<String, Node> next = new HashMap<>(4);
    }

    private final Node root;
    private final int maxWords;

    private PhrasePrefixes(Node root, int maxWords) {
        this.root = root;
        this.maxWords = maxWords;
    }

    /** The trie of the phrases of two or more words among {@code phrases} (folded, words one space apart). */
    public static PhrasePrefixes of(List<String> phrases) {
        Node root = new Node();
        int max = 0;
        for (String p : phrases) {
            String[] words = p.trim().split("\\s+");
            if (words.length < 2) {
                continue;
            }
            Node n = root;
            for (String w : words) {
                n = n.next.computeIfAbsent(w.toLowerCase(Locale.ROOT), k -> new Node());
            }
            max = Math.max(max, words.length);
        }
        return max == 0 ? NONE : new PhrasePrefixes(root, max);
    }

    public boolean isEmpty() {
        return maxWords == 0;
    }

    /**
     * Where the held tail of {@code s} must start so that no word of a phrase that may still be completed is
     * released: the start of the earliest word from which the words to the end of {@code s} are the beginning of
     * a phrase (the last one possibly unfinished, or finished by a mark, when {@code s} does not end in white space), if it is before
     * {@code cut}; else {@code cut}.
     */
    public int hold(CharSequence s, int cut, UnaryOperator<String> fold) {
        if (maxWords == 0 || cut == 0) {
            return cut;
        }
        int[] starts = new int[maxWords];
        int[] ends = new int[maxWords];
        int m = 0;
        int i = s.length();
        boolean open = i > 0 && !Character.isWhitespace(s.charAt(i - 1));
        while (m < maxWords) {
            while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
                i--;
            }
            if (i == 0) {
                break;
            }
            int end = i;
            while (i > 0 && !Character.isWhitespace(s.charAt(i - 1))) {
                i--;
            }
            starts[m] = i;
            ends[m] = end;
            m++;
        }
        // starts[m - 1] is the earliest word; try the longest tail first.
        for (int j = m - 1; j >= 0 && starts[j] < cut; j--) {
            if (begins(s, starts, ends, j, open, fold)) {
                return starts[j];
            }
        }
        return cut;
    }

    /** As the word-list detectors fold text; plain lower case for ASCII, which is what folding does to it. */
    private static String fold(String word, UnaryOperator<String> fold) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) >= 0x80) {
                return fold.apply(word).toLowerCase(Locale.ROOT);
            }
        }
        return word.toLowerCase(Locale.ROOT);
    }

    /** True when words {@code j} down to 0 (in text order) are the beginning of a phrase. */
    private boolean begins(CharSequence s, int[] starts, int[] ends, int j, boolean open, UnaryOperator<String> fold) {
        Node n = root;
        for (int k = j; k >= 0; k--) {
            int from = starts[k];
            if (k == j) {
                while (from < ends[k] && !Character.isLetterOrDigit(s.charAt(from))) {
                    from++; // a phrase may follow a quote or a bracket
                }
            }
            int to = ends[k];
            if (k == 0 && open) {
                to = from;
                while (to < ends[k] && Character.isLetterOrDigit(s.charAt(to))) {
                    to++; // the open word up to a mark that may end it: "dishwasher". completes the phrase too
                }
            }
            String w = fold(s.subSequence(from, to).toString(), fold);
            if (k == 0 && open) {
                for (String key : n.next.keySet()) {
                    if (key.startsWith(w)) {
                        return true;
                    }
                }
                return false;
            }
            n = n.next.get(w);
            if (n == null) {
                return false;
            }
        }
        return !n.next.isEmpty();
    }
}
