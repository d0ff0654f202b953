package dev.paved.guard.injection;

import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The in-process ONNX layer: a sentence embedding from an ONNX Runtime model of paved-embedding
 * (bge-small-en-v1.5 by default) and a logistic-regression head over it, trained on the same labelled data
 * as {@link LogisticModel}. Costs one embedding per text (milliseconds, not microseconds), so it is opt-in.
 */
public final class EmbeddingClassifier implements InjectionClassifier {
    private static final int MAGIC = 0x50474548; // "PGEH"
    private static final int VERSION = 1;
    /** The head shipped in this jar, trained by {@code paved guard train --kind embedding} on deepset train.jsonl. */
    public static final String BUNDLED = "/dev/paved/guard/injection-embedding-head.bin.gz";

    private final String modelId;
    private final float[] weights;
    private final double bias;
    private final double threshold;
    private final String trainedOn;

    public EmbeddingClassifier(String modelId, float[] weights, double bias, double threshold, String trainedOn) {
        this.modelId = modelId;
        this.weights = weights.clone();
        this.bias = bias;
        this.threshold = BundledModels.threshold(threshold);
        this.trainedOn = trainedOn;
    }

    /** The bundled head; the embedding model loads on first use. */
    public static EmbeddingClassifier bundled() {
        return Holder.BUNDLED_HEAD;
    }

    private static final class Holder {
        static final EmbeddingClassifier BUNDLED_HEAD = BundledModels.load(BUNDLED, "embedding head", EmbeddingClassifier::read);
    }

    @Override
    public String name() {
        return "embedding-lr:" + modelId;
    }

    @Override
    public String code() {
        return "injection.embedding";
    }

    public String modelId() {
        return modelId;
    }

    public String trainedOn() {
        return trainedOn;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public double score(String normalized) {
        return LogisticModel.rescale(probability(embed(List.of(normalized)).get(0)), threshold);
    }

    double probability(float[] embedding) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * embedding[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private List<float[]> embed(List<String> texts) {
        return EmbeddingModels.get(modelId).embed(texts); // loaded once, on first use, and shared
    }

    /** Embeddings of {@code texts} with the named model, 32 at a time, as dense feature vectors for training. */
    static List<HashedFeatures.Vector> vectors(String modelId, List<String> texts, java.util.function.IntConsumer progress) {
        EmbeddingModel m = EmbeddingModels.get(modelId);
        List<HashedFeatures.Vector> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += 32) {
            for (float[] e : m.embed(texts.subList(i, Math.min(texts.size(), i + 32)))) {
                int[] idx = new int[e.length];
                for (int k = 0; k < idx.length; k++) {
                    idx[k] = k;
                }
                out.add(new HashedFeatures.Vector(idx, e));
            }
            progress.accept(Math.min(texts.size(), i + 32));
        }
        return out;
    }

    /** Embeds the examples and fits the head; deterministic for the same data, model and settings. */
    public static LogisticTrainer.Fit train(String modelId, List<LogisticTrainer.Example> examples, LogisticTrainer.Settings settings,
                                            java.util.function.IntConsumer progress) {
        List<String> texts = examples.stream().map(e -> TextNormalizer.normalize(e.text())).toList();
        List<HashedFeatures.Vector> vectors = vectors(modelId, texts, progress);
        return new LogisticTrainer(settings).fitWithThreshold(vectors, examples, vectors.get(0).index().length);
    }

    /** Settings of the bundled head: more epochs than the sparse model (few dense features), stronger L2. */
    public static LogisticTrainer.Settings defaultSettings() {
        return new LogisticTrainer.Settings(0, 100, 0.1, 1e-3, 20260701L, 5, 0.02);
    }

    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        DataOutputStream d = new DataOutputStream(gz);
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeUTF(modelId);
        d.writeInt(weights.length);
        d.writeDouble(bias);
        d.writeDouble(threshold);
        d.writeUTF(trainedOn);
        for (float w : weights) {
            d.writeFloat(w);
        }
        d.flush();
        gz.finish();
    }

    public static EmbeddingClassifier read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(new GZIPInputStream(in));
        if (d.readInt() != MAGIC || d.readInt() != VERSION) {
            throw new IOException("not a Paved embedding-head file (wrong header or version)");
        }
        String modelId = d.readUTF();
        float[] w = new float[d.readInt()];
        double bias = d.readDouble();
        double threshold = d.readDouble();
        String trainedOn = d.readUTF();
        for (int i = 0; i < w.length; i++) {
            w[i] = d.readFloat();
        }
        return new EmbeddingClassifier(modelId, w, bias, threshold, trainedOn);
    }
}
