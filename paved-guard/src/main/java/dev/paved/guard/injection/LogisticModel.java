package dev.paved.guard.injection;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Logistic regression over {@link HashedFeatures}: the weights, the bias and the operating threshold chosen
 * when it was trained. Stored as a small gzip'd binary file with a magic header and the training-data digest.
 */
public final class LogisticModel implements InjectionClassifier {
    private static final int MAGIC = 0x50474C52; // "PGLR"
    private static final int VERSION = 1;
    /** The model shipped in this jar, trained by {@code paved guard train} on deepset/prompt-injections train.jsonl. */
    public static final String BUNDLED = "/dev/paved/guard/injection-lr.bin.gz";

    private final HashedFeatures features;
    private final float[] weights;
    private final double bias;
    private final double threshold;
    private final String trainedOn;

    public LogisticModel(HashedFeatures features, float[] weights, double bias, double threshold, String trainedOn) {
        if (weights.length != features.dimensions()) {
            throw new IllegalArgumentException("weights do not match the feature space");
        }
        this.features = features;
        this.weights = weights;
        this.bias = bias;
        this.threshold = BundledModels.threshold(threshold);
        this.trainedOn = trainedOn;
    }

    /** The bundled model; loaded once. */
    public static LogisticModel bundled() {
        return Holder.MODEL;
    }

    private static final class Holder {
        static final LogisticModel MODEL = BundledModels.load(BUNDLED, "injection model", LogisticModel::read);
    }

    @Override
    public String name() {
        return "hashed-lr";
    }

    /** The raw probability before rescaling. */
    public double probability(String normalized) {
        HashedFeatures.Vector v = features.vectorize(normalized);
        double z = bias;
        int[] idx = v.index();
        float[] val = v.value();
        for (int i = 0; i < idx.length; i++) {
            z += weights[idx[i]] * val[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    @Override
    public double score(String normalized) {
        return rescale(probability(normalized), threshold);
    }

    /** Maps {@code p} piecewise-linearly so that {@code threshold} lands on 0.5. */
    static double rescale(double p, double threshold) {
        return p < threshold ? 0.5 * p / threshold : 0.5 + 0.5 * (p - threshold) / (1 - threshold);
    }

    public double threshold() {
        return threshold;
    }

    public String trainedOn() {
        return trainedOn;
    }

    public HashedFeatures features() {
        return features;
    }

    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        DataOutputStream d = new DataOutputStream(gz);
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeInt(features.bits());
        d.writeDouble(bias);
        d.writeDouble(threshold);
        d.writeUTF(trainedOn);
        for (float w : weights) {
            d.writeFloat(w);
        }
        d.flush();
        gz.finish();
    }

    public static LogisticModel read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(new GZIPInputStream(in));
        if (d.readInt() != MAGIC || d.readInt() != VERSION) {
            throw new IOException("not a Paved injection model file (wrong header or version)");
        }
        HashedFeatures f = new HashedFeatures(d.readInt());
        double bias = d.readDouble();
        double threshold = d.readDouble();
        String trainedOn = d.readUTF();
        float[] w = new float[f.dimensions()];
        for (int i = 0; i < w.length; i++) {
            w[i] = d.readFloat();
        }
        return new LogisticModel(f, w, bias, threshold, trainedOn);
    }
}
