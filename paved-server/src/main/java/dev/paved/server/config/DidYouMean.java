package dev.paved.server.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the closest known name for a misspelt one, by edit distance. */
final class DidYouMean {
    private DidYouMean() {
    }

    /**
     * The known name closest to {@code input}, if it is close enough to be a likely typo. Case, and
     * {@code -} versus {@code _}, do not count as differences; an adjacent swap counts as one edit.
     */
    static Optional<String> closest(String input, Collection<String> known) {
        String in = normalize(input);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String c = normalize(candidate);
            int d = distance(in, c);
            boolean close = d <= allowedEdits(c) || (in.length() >= 3 && c.startsWith(in));
            if (close && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean 'x'?)"} or the empty string. */
    static String suffix(String input, Collection<String> known) {
        return closest(input, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    private static int allowedEdits(String candidate) {
        if (candidate.length() <= 4) {
            return 1;
        }
        return candidate.length() <= 8 ? 2 : 3;
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
