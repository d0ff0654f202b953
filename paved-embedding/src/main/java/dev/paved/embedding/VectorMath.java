package dev.paved.embedding;

/** Small float-vector helpers for embeddings. */
public final class VectorMath {

    private VectorMath() {
    }

    /** Cosine similarity; for unit vectors (as every {@link EmbeddingModel} returns) this is the dot product. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            throw new IllegalArgumentException("cosine similarity is undefined for a zero vector");
        }
        return dot / Math.sqrt(normA * normB);
    }

    /** Euclidean (L2) norm. */
    public static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    /** {@code v} scaled to unit L2 norm, in place; fails on a zero or non-finite vector. */
    public static float[] normalized(float[] v) {
        double norm = norm(v);
        if (norm == 0 || !Double.isFinite(norm)) {
            throw new EmbeddingException("model produced a vector with norm " + norm);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }
}
