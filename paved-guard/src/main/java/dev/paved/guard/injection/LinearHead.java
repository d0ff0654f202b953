package dev.paved.guard.injection;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The logistic regression every learned injection classifier ends in: weights over its features, a bias, the
 * operating threshold picked when it was trained, and the digest of the data it was trained on. Each classifier's
 * file ends with it ({@link #write}).
 */
record LinearHead(float[] weights, double bias, double threshold, String trainedOn) {
    LinearHead {
        BundledModels.threshold(threshold);
    }

    /** The probability over sparse features ({@link HashedFeatures}, {@link JointFeatures}). */
    double probability(HashedFeatures.Vector v) {
        double z = bias;
        int[] idx = v.index();
        float[] val = v.value();
        for (int i = 0; i < idx.length; i++) {
            z += weights[idx[i]] * val[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** The probability over a dense vector as long as the weights (an embedding). */
    double probability(float[] dense) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * dense[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** A probability as the classifier's score: rescaled so that the threshold lands on 0.5. */
    double score(double probability) {
        return rescale(probability, threshold);
    }

    /** Maps {@code p} piecewise-linearly so that {@code threshold} lands on 0.5. */
    static double rescale(double p, double threshold) {
        return p < threshold ? 0.5 * p / threshold : 0.5 + 0.5 * (p - threshold) / (1 - threshold);
    }

    /** Bias, threshold, training digest, then the weights. */
    void write(DataOutputStream d) throws IOException {
        d.writeDouble(bias);
        d.writeDouble(threshold);
        d.writeUTF(trainedOn);
        for (float w : weights) {
            d.writeFloat(w);
        }
    }

    /** Reads what {@link #write} wrote, for a head over {@code dimensions} features. */
    static LinearHead read(DataInputStream d, int dimensions) throws IOException {
        double bias = d.readDouble();
        double threshold = d.readDouble();
        String trainedOn = d.readUTF();
        float[] w = new float[dimensions];
        for (int i = 0; i < w.length; i++) {
            w[i] = d.readFloat();
        }
        return new LinearHead(w, bias, threshold, trainedOn);
    }
}
