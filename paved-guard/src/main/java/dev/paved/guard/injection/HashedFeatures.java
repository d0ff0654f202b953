package dev.paved.guard.injection;

import java.util.Arrays;

/**
 * Turns normalised text into a sparse feature vector by the hashing trick: word unigrams and bigrams plus
 * character 3- to 5-grams inside words (with boundary marks), each hashed (FNV-1a) into {@code 2^bits}
 * buckets, counted and L2-normalised. Character n-grams make the model robust to inflection and to the
 * German, Spanish and French rows of the training data.
 */
public final class HashedFeatures {
    /** Sparse vector: parallel arrays of bucket indexes and values, indexes unique. */
    public record Vector(int[] index, float[] value) {
    }

    private static final java.util.regex.Pattern WORD_SPLIT = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}']+");

    private final int bits;
    private final int mask;

    public HashedFeatures(int bits) {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("bits must be 10..24");
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
    }

    public int bits() {
        return bits;
    }

    public int dimensions() {
        return 1 << bits;
    }

    public Vector vectorize(String normalized) {
        int[] buf = new int[Math.max(64, normalized.length() * 8)];
        int n = 0;
        String[] words = words(normalized);
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            n = add(buf, n, hash(0x01, w));
            if (i + 1 < words.length) {
                n = add(buf, n, hash(hash(0x02, w), words[i + 1]));
            }
            String padded = "<" + w + ">";
            for (int len = 3; len <= 5; len++) {
                for (int s = 0; s + len <= padded.length(); s++) {
                    n = add(buf, n, hashRange(0x03 + len, padded, s, s + len));
                }
            }
        }
        return compact(Arrays.copyOf(buf, n));
    }

    private int add(int[] buf, int n, int h) {
        if (n == buf.length) {
            return n;
        }
        buf[n] = h & mask;
        return n + 1;
    }

    private static Vector compact(int[] idx) {
        if (idx.length == 0) {
            return new Vector(new int[0], new float[0]);
        }
        Arrays.sort(idx);
        int[] outIdx = new int[idx.length];
        float[] outVal = new float[idx.length];
        int k = -1;
        for (int i : idx) {
            if (k >= 0 && outIdx[k] == i) {
                outVal[k] += 1;
            } else {
                k++;
                outIdx[k] = i;
                outVal[k] = 1;
            }
        }
        int size = k + 1;
        double norm = 0;
        for (int i = 0; i < size; i++) {
            norm += outVal[i] * outVal[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < size; i++) {
            outVal[i] *= inv;
        }
        return new Vector(Arrays.copyOf(outIdx, size), Arrays.copyOf(outVal, size));
    }

    static String[] words(String s) {
        return Arrays.stream(WORD_SPLIT.split(s)).filter(w -> !w.isEmpty()).toArray(String[]::new);
    }

    private static int hash(int seed, String s) {
        return hashRange(seed, s, 0, s.length());
    }

    private static int hashRange(int seed, String s, int from, int to) {
        int h = 0x811C9DC5 ^ seed * 0x01000193;
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= 0x01000193;
        }
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
    }
}
