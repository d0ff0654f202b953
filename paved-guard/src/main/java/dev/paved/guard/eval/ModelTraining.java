package dev.paved.guard.eval;

import dev.paved.embedding.EmbeddingModels;
import dev.paved.guard.injection.HashedFeatures;
import dev.paved.guard.injection.JointClassifier;
import dev.paved.guard.injection.JointFeatures;
import dev.paved.guard.injection.LogisticTrainer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Retrains the injection classifier from a labelled JSONL file and writes the model file. */
public final class ModelTraining {
    private ModelTraining() {
    }

    /** Trains the embedding head with its default settings; the model is embedded row by row (slow: minutes). */
    public static LogisticTrainer.Fit trainEmbedding(Path data, Path out, String modelId, java.util.function.IntConsumer progress) {
        Datasets.Dataset d = Datasets.read(data);
        List<LogisticTrainer.Example> examples = examples(d, data);
        LogisticTrainer.Fit fit = dev.paved.guard.injection.EmbeddingClassifier.train(modelId, examples,
                dev.paved.guard.injection.EmbeddingClassifier.defaultSettings(), progress);
        var head = new dev.paved.guard.injection.EmbeddingClassifier(modelId, fit.weights(), fit.bias(), fit.threshold(),
                data.getFileName() + " sha256:" + d.sha256());
        write(out, o -> head.write(o));
        return fit;
    }

    /**
     * Trains the joint model (hashed n-grams plus the embedding, scored on the whole text and each sentence) with
     * its default settings; slow: every row and sentence is embedded.
     */
    public static LogisticTrainer.Fit trainJoint(Path data, Path out, String modelId, java.util.function.IntConsumer progress) {
        Datasets.Dataset d = Datasets.read(data);
        List<LogisticTrainer.Example> examples = examples(d, data);
        LogisticTrainer.Settings settings = JointClassifier.defaultSettings();
        int dims = EmbeddingModels.get(modelId).dimensions();
        var features = new JointFeatures(new HashedFeatures(settings.bits()), modelId, dims,
                JointClassifier.DEFAULT_EMBEDDING_WEIGHT);
        var trained = JointClassifier.train(features, examples, settings, data.getFileName() + " sha256:" + d.sha256(), progress);
        write(out, o -> trained.model().write(o));
        return trained.fit();
    }

    private interface Writer {
        void write(OutputStream o) throws IOException;
    }

    private static void write(Path out, Writer w) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream o = Files.newOutputStream(out)) {
                w.write(o);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + out + ": " + e.getMessage());
        }
    }

    private static List<LogisticTrainer.Example> examples(Datasets.Dataset d, Path data) {
        if (d.isPii()) {
            throw new IllegalArgumentException(data + " holds PII spans; the classifier needs {\"text\", \"label\"} rows");
        }
        return d.labelled().stream().map(l -> new LogisticTrainer.Example(l.text(), l.attack())).toList();
    }

    /** Trains with the default settings; the result says how it did in cross-validation. */
    public static LogisticTrainer.Result train(Path data, Path out) {
        Datasets.Dataset d = Datasets.read(data);
        List<LogisticTrainer.Example> examples = examples(d, data);
        LogisticTrainer.Result r = new LogisticTrainer(LogisticTrainer.Settings.defaults())
                .train(examples, data.getFileName() + " sha256:" + d.sha256());
        write(out, o -> r.model().write(o));
        return r;
    }
}
