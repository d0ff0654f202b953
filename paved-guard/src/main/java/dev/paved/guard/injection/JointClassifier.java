package dev.paved.guard.injection;

import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One logistic regression over both views of a text, {@link JointFeatures}: hashed word and character n-grams
 * (surface wording, any language) and a sentence embedding (meaning, paraphrase). A text scores the highest of
 * its whole and each of its {@link Sentences}, so an instruction appended to an ordinary request is judged on its
 * own; the threshold was picked on out-of-fold scores computed the same way. Costs one batched embedding call per
 * text, so it is opt-in like {@link EmbeddingClassifier}.
 */
public final class JointClassifier implements InjectionClassifier {
    private static final int MAGIC = 0x50474a43; // "PGJC"
    private static final int VERSION = 1;
    /** The model shipped in this jar, trained by {@code paved guard train --kind joint} on deepset train.jsonl. */
    public static final String BUNDLED = "/dev/paved/guard/injection-joint.bin.gz";

    /** Up to this length a text and its sentences are embedded in one call (padding them to its length costs little). */
    static final int ONE_BATCH_CHARS = 400;

    private final JointFeatures features;
    private final LinearHead head;

    public JointClassifier(JointFeatures features, float[] weights, double bias, double threshold, String trainedOn) {
        if (weights.length != features.dimensions()) {
            throw new IllegalArgumentException("weights do not match the feature space");
        }
        this.features = features;
        this.head = new LinearHead(weights, bias, threshold, trainedOn);
    }

    /** The bundled model; the embedding model loads on first use. */
    public static JointClassifier bundled() {
        return Holder.BUNDLED_MODEL;
    }

    private static final class Holder {
        static final JointClassifier BUNDLED_MODEL = BundledModels.load(BUNDLED, "joint injection model", JointClassifier::read);
    }

    /**
     * Settings of the bundled model, chosen by 5-fold cross-validation on the training split only: the embedding
     * weighted twice the n-grams, 15 epochs, L2 1e-4, and the threshold at 3% out-of-fold false positives (the
     * guardrails issue's bound).
     */
    public static LogisticTrainer.Settings defaultSettings() {
        return new LogisticTrainer.Settings(18, 15, 0.1, 1e-4, 20260701L, 5, 0.03);
    }

    /** Weight of the embedding part against the L2-normalised n-grams in the bundled model. */
    public static final double DEFAULT_EMBEDDING_WEIGHT = 2.0;

    @Override
    public String name() {
        return "joint-lr:" + features.modelId();
    }

    @Override
    public String code() {
        return "injection.joint";
    }

    public double threshold() {
        return head.threshold();
    }

    public String trainedOn() {
        return head.trainedOn();
    }

    public JointFeatures features() {
        return features;
    }

    @Override
    public double score(String normalized) {
        EmbeddingModel m = EmbeddingModels.get(features.modelId()); // loaded once, on first use, and shared
        List<String> sentences = Sentences.of(normalized);
        List<String> texts = new ArrayList<>(sentences.size() + 1);
        texts.add(normalized);
        texts.addAll(sentences);
        List<float[]> embeddings = new ArrayList<>(texts.size());
        if (normalized.length() <= ONE_BATCH_CHARS) {
            embeddings.addAll(m.embed(texts));
        } else {
            // A long text goes alone: batched with it, every sentence would be padded to the whole text's length.
            embeddings.addAll(m.embed(texts.subList(0, 1)));
            if (texts.size() > 1) {
                embeddings.addAll(m.embed(texts.subList(1, texts.size())));
            }
        }
        double best = 0;
        for (int i = 0; i < texts.size(); i++) {
            best = Math.max(best, probability(features.vectorize(texts.get(i), embeddings.get(i))));
        }
        return head.score(best);
    }

    double probability(HashedFeatures.Vector v) {
        return head.probability(v);
    }

    /**
     * Embeds every example and its sentences (32 texts per call) and fits the model; deterministic for the same
     * data, embedding model and settings.
     *
     * @param progress told how many examples have been embedded
     */
    public static Trained train(JointFeatures features, List<LogisticTrainer.Example> examples, LogisticTrainer.Settings settings,
                                String dataDigest, IntConsumer progress) {
        EmbeddingModel m = EmbeddingModels.get(features.modelId());
        List<HashedFeatures.Vector> whole = new ArrayList<>(examples.size());
        List<List<HashedFeatures.Vector>> views = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            String normalized = TextNormalizer.normalize(examples.get(i).text());
            List<String> texts = new ArrayList<>();
            texts.add(normalized);
            texts.addAll(Sentences.of(normalized));
            List<float[]> embeddings = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += 32) {
                embeddings.addAll(m.embed(texts.subList(from, Math.min(texts.size(), from + 32))));
            }
            List<HashedFeatures.Vector> v = new ArrayList<>(texts.size());
            for (int k = 0; k < texts.size(); k++) {
                v.add(features.vectorize(texts.get(k), embeddings.get(k)));
            }
            whole.add(v.get(0));
            views.add(v);
            progress.accept(i + 1);
        }
        LogisticTrainer.Fit fit = new LogisticTrainer(settings).fitWithThreshold(whole, examples, features.dimensions(), views);
        return new Trained(new JointClassifier(features, fit.weights(), fit.bias(), fit.threshold(), dataDigest), fit);
    }

    /** A trained model with the cross-validated figures that chose its threshold. */
    public record Trained(JointClassifier model, LogisticTrainer.Fit fit) {
    }

    public void write(OutputStream out) throws IOException {
        BundledModels.write(out, MAGIC, VERSION, d -> {
            d.writeUTF(features.modelId());
            d.writeInt(features.hashed().bits());
            d.writeInt(features.embeddingDimensions());
            d.writeDouble(features.embeddingWeight());
            head.write(d);
        });
    }

    public static JointClassifier read(InputStream in) throws IOException {
        DataInputStream d = BundledModels.open(in, MAGIC, VERSION, "joint injection model");
        String modelId = d.readUTF();
        int bits = d.readInt();
        int embeddingDims = d.readInt();
        double embeddingWeight = d.readDouble();
        JointFeatures f = new JointFeatures(new HashedFeatures(bits), modelId, embeddingDims, embeddingWeight);
        LinearHead h = LinearHead.read(d, f.dimensions());
        return new JointClassifier(f, h.weights(), h.bias(), h.threshold(), h.trainedOn());
    }
}
