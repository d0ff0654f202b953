package dev.paved.embedding;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A BERT WordPiece tokenizer for single sequences: special tokens written verbatim in the text are kept whole, the
 * rest is normalised, split into words and then into WordPiece pieces, and the result is wrapped as
 * {@code [CLS] ... [SEP]}. Matches Hugging Face {@code tokenizers} for the same {@code tokenizer.json}. Thread-safe.
 */
final class BertTokenizer {

    private static final int CHUNK_CHARS = 2048;

    private final BertNormalizer normalizer;
    private final WordPiece wordPiece;
    private final List<String> specialTokens;
    private final String specialTokenFirstChars;
    private final Map<String, Integer> specialTokenIds;
    private final int clsId;
    private final int sepId;
    private final int padId;

    BertTokenizer(BertNormalizer normalizer, WordPiece wordPiece, Map<String, Integer> specialTokenIds,
                  int clsId, int sepId, int padId) {
        if (specialTokenIds.containsKey("")) {
            throw new IllegalArgumentException("special tokens must not be empty");
        }
        this.normalizer = normalizer;
        this.wordPiece = wordPiece;
        this.specialTokenIds = Map.copyOf(specialTokenIds);
        this.specialTokens = specialTokenIds.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
        this.specialTokenFirstChars = specialTokens.stream()
                .map(token -> token.substring(0, 1))
                .distinct()
                .reduce("", String::concat);
        this.clsId = clsId;
        this.sepId = sepId;
        this.padId = padId;
    }

    /**
     * Token ids of {@code text} as the model sees it, {@code [CLS]} and {@code [SEP]} included, keeping only the first
     * {@code maxTokens - 2} content tokens.
     */
    int[] encode(String text, int maxTokens) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS] and [SEP], got " + maxTokens);
        }
        TokenIds ids = new TokenIds();
        ids.add(clsId);
        tokenizeContent(text, ids, maxTokens - 1);
        ids.add(sepId);
        return ids.toArray();
    }

    /**
     * A sequence pair as a cross-encoder sees it, {@code [CLS] first [SEP] second [SEP]}, at most {@code maxTokens}
     * long: while too long, a token is taken off the end of the longer side (Hugging Face's "longest_first").
     *
     * @return the token ids and, of the same length, the token type ids (0 for the first segment, 1 for the second)
     */
    int[][] encodePair(String first, String second, int maxTokens) {
        if (maxTokens < 5) {
            throw new IllegalArgumentException("maxTokens must leave room for a pair, got " + maxTokens);
        }
        TokenIds a = new TokenIds();
        tokenizeContent(first, a, maxTokens);
        TokenIds b = new TokenIds();
        tokenizeContent(second, b, maxTokens);
        int lenA = a.size();
        int lenB = b.size();
        while (lenA + lenB + 3 > maxTokens) {
            if (lenA > lenB) {
                lenA--;
            } else {
                lenB--;
            }
        }
        int[] ids = new int[lenA + lenB + 3];
        int[] types = new int[ids.length];
        int[] aIds = a.toArray();
        int[] bIds = b.toArray();
        ids[0] = clsId;
        System.arraycopy(aIds, 0, ids, 1, lenA);
        ids[lenA + 1] = sepId;
        System.arraycopy(bIds, 0, ids, lenA + 2, lenB);
        ids[ids.length - 1] = sepId;
        java.util.Arrays.fill(types, lenA + 2, ids.length, 1);
        return new int[][] {ids, types};
    }

    /** Number of tokens of {@code text} without truncation, {@code [CLS]} and {@code [SEP]} included. */
    int countTokens(String text) {
        TokenIds ids = new TokenIds();
        tokenizeContent(text, ids, Integer.MAX_VALUE);
        return ids.size() + 2;
    }

    int padId() {
        return padId;
    }

    /** Appends content token ids to {@code out} until it holds {@code limit} ids. */
    private void tokenizeContent(String text, TokenIds out, int limit) {
        int segmentStart = 0;
        int i = 0;
        while (i < text.length() && out.size() < limit) {
            String special = specialTokenFirstChars.indexOf(text.charAt(i)) < 0 ? null : specialTokenAt(text, i);
            if (special == null) {
                i++;
                continue;
            }
            tokenizeOrdinary(text, segmentStart, i, out, limit);
            if (out.size() < limit) {
                out.add(specialTokenIds.get(special));
            }
            i += special.length();
            segmentStart = i;
        }
        tokenizeOrdinary(text, segmentStart, text.length(), out, limit);
    }

    private String specialTokenAt(String text, int index) {
        for (String token : specialTokens) {
            if (text.startsWith(token, index)) {
                return token;
            }
        }
        return null;
    }

    /**
     * Tokenizes {@code text[start, end)} in chunks that end at a word break, so that a long text costs only as much
     * work as the tokens kept. A word break always separates words, so chunking does not change the result.
     */
    private void tokenizeOrdinary(String text, int start, int end, TokenIds out, int limit) {
        int chunkStart = start;
        while (chunkStart < end && out.size() < limit) {
            int chunkEnd = chunkEnd(text, chunkStart, end);
            for (String word : BertPreTokenizer.split(normalizer.normalize(text.substring(chunkStart, chunkEnd)))) {
                wordPiece.tokenize(word, out);
                if (out.size() >= limit) {
                    out.truncate(limit);
                    return;
                }
            }
            chunkStart = chunkEnd;
        }
    }

    /**
     * Where the chunk starting at {@code start} ends: at the first space, tab, LF or CR at least {@link #CHUNK_CHARS}
     * in. Only those characters are safe cut points: other whitespace, such as vertical tab, is a control character
     * that normalisation deletes, joining its neighbours into one word.
     */
    private static int chunkEnd(String text, int start, int end) {
        int cut = end - start <= CHUNK_CHARS ? end : start + CHUNK_CHARS;
        while (cut < end && !isWordBreak(text.charAt(cut))) {
            cut++;
        }
        return Math.min(cut, end);
    }

    private static boolean isWordBreak(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
