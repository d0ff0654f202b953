package dev.paved.knowledge;

import dev.paved.knowledge.chunk.TokenCounter;
import dev.paved.knowledge.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic test embedder: lower-cased words hashed into a fixed number of buckets, L2-normalised. Texts
 * sharing words are similar, which is all retrieval tests need; a different {@code salt} gives an incompatible
 * "model".
 */
public record HashingEmbedder(String id, int dimensions, int salt) implements Embedder {

    public HashingEmbedder() {
        this("hashing-64", 64, 0);
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(vector(t));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        return vector(query);
    }

    @Override
    public TokenCounter tokenCounter() {
        return TokenCounter.words();
    }

    @Override
    public int maxChunkTokens() {
        return 510;
    }

    private float[] vector(String text) {
        float[] v = new float[dimensions];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode() * 31 + salt, dimensions)] += 1;
            }
        }
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n == 0) {
            v[0] = 1;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
