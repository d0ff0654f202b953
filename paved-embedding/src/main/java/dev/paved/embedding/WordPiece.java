package dev.paved.embedding;

import java.util.Map;

/**
 * Greedy longest-match-first WordPiece: splits one word into vocabulary pieces, pieces after the first carrying the
 * continuing-subword prefix ({@code ##}). A word that cannot be split completely, or is longer than the character
 * limit, becomes the single unknown token.
 */
final class WordPiece {

    private final Map<String, Integer> vocab;
    private final int unknownId;
    private final String continuingSubwordPrefix;
    private final int maxInputCharsPerWord;

    WordPiece(Map<String, Integer> vocab, String unknownToken, String continuingSubwordPrefix,
              int maxInputCharsPerWord) {
        this.vocab = Map.copyOf(vocab);
        Integer unknown = vocab.get(unknownToken);
        if (unknown == null) {
            throw new IllegalArgumentException("unknown token " + unknownToken + " is not in the vocabulary");
        }
        this.unknownId = unknown;
        this.continuingSubwordPrefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    /** Appends the ids of {@code word}'s pieces to {@code out}. */
    void tokenize(String word, TokenIds out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unknownId);
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer piece = null;
            while (start < end) {
                String candidate = word.substring(start, end);
                piece = vocab.get(start > 0 ? continuingSubwordPrefix + candidate : candidate);
                if (piece != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (piece == null) {
                out.truncate(mark);
                out.add(unknownId);
                return;
            }
            out.add(piece);
            start = end;
        }
    }
}
