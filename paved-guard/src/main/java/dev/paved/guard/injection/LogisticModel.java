package dev.paved.guard.injection;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
    private final LinearHead head;

    public LogisticModel(HashedFeatures features, float[] weights, double bias, double threshold, String trainedOn) {
        if (weights.length != features.dimensions()) {
            throw new IllegalArgumentException("weights do not match the feature space");
        }
        this.features = features;
        this.head = new LinearHead(weights, bias, threshold, trainedOn);
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
        return head.probability(features.vectorize(normalized));
    }

    @Override
    public double score(String normalized) {
        return head.score(probability(normalized));
    }

    /** Maps {@code p} piecewise-linearly so that {@code threshold} lands on 0.5. */
    static double rescale(double p, double threshold) {
        return LinearHead.rescale(p, threshold);
    }

    public double threshold() {
        return head.threshold();
    }

    public String trainedOn() {
        return head.trainedOn();
    }

    public HashedFeatures features() {
        return features;
    }

    public void write(OutputStream out) throws IOException {
        BundledModels.write(out, MAGIC, VERSION, d -> {
            d.writeInt(features.bits());
            head.write(d);
        });
    }

    public static LogisticModel read(InputStream in) throws IOException {
        DataInputStream d = BundledModels.open(in, MAGIC, VERSION, "injection model");
        HashedFeatures f = new HashedFeatures(d.readInt());
        LinearHead h = LinearHead.read(d, f.dimensions());
        return new LogisticModel(f, h.weights(), h.bias(), h.threshold(), h.trainedOn());
    }
}
