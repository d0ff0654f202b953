package dev.paved.guard.injection;

import java.util.Arrays;

/**
 * The feature space of {@link JointClassifier}: {@link HashedFeatures} (L2-normalised n-gram counts in
 * {@code 2^bits} buckets) followed by a unit-norm sentence embedding scaled by {@code embeddingWeight}, as one
 * sparse vector.
 */
public record JointFeatures(HashedFeatures hashed, String modelId, int embeddingDimensions, double embeddingWeight) {
    public JointFeatures {
        if (embeddingDimensions <= 0 || !(embeddingWeight > 0)) {
            throw new IllegalArgumentException("embedding dimensions and weight must be positive");
        }
    }

    public int dimensions() {
        return hashed.dimensions() + embeddingDimensions;
    }

    /** The joint vector of a normalised text and its embedding. */
    public HashedFeatures.Vector vectorize(String normalized, float[] embedding) {
        if (embedding.length != embeddingDimensions) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, the model expects " + embeddingDimensions
                    + " (" + modelId + ")");
        }
        HashedFeatures.Vector h = hashed.vectorize(normalized);
        int n = h.index().length;
        int[] idx = Arrays.copyOf(h.index(), n + embeddingDimensions);
        float[] val = Arrays.copyOf(h.value(), n + embeddingDimensions);
        int base = hashed.dimensions();
        for (int j = 0; j < embeddingDimensions; j++) {
            idx[n + j] = base + j;
            val[n + j] = (float) (embeddingWeight * embedding[j]);
        }
        return new HashedFeatures.Vector(idx, val);
    }
}
