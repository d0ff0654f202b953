package dev.paved.guard.injection;

import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

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
    private final LinearHead head;

    public EmbeddingClassifier(String modelId, float[] weights, double bias, double threshold, String trainedOn) {
        this.modelId = modelId;
        this.head = new LinearHead(weights.clone(), bias, threshold, trainedOn);
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
        return head.trainedOn();
    }

    public double threshold() {
        return head.threshold();
    }

    @Override
    public double score(String normalized) {
        return head.score(probability(embed(List.of(normalized)).get(0)));
    }

    double probability(float[] embedding) {
        return head.probability(embedding);
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
        BundledModels.write(out, MAGIC, VERSION, d -> {
            d.writeUTF(modelId);
            d.writeInt(head.weights().length);
            head.write(d);
        });
    }

    public static EmbeddingClassifier read(InputStream in) throws IOException {
        DataInputStream d = BundledModels.open(in, MAGIC, VERSION, "embedding-head");
        String modelId = d.readUTF();
        LinearHead h = LinearHead.read(d, d.readInt());
        return new EmbeddingClassifier(modelId, h.weights(), h.bias(), h.threshold(), h.trainedOn());
    }
}
