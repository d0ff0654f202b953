package dev.paved.guard.eval;

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

    /** Trains with the default settings; the result says how it did in cross-validation. */
    public static LogisticTrainer.Result train(Path data, Path out) {
        Datasets.Dataset d = Datasets.read(data);
        if (d.isPii()) {
            throw new IllegalArgumentException(data + " holds PII spans; the classifier needs {\"text\", \"label\"} rows");
        }
        List<LogisticTrainer.Example> examples = d.labelled().stream()
                .map(l -> new LogisticTrainer.Example(l.text(), l.attack())).toList();
        LogisticTrainer.Result r = new LogisticTrainer(LogisticTrainer.Settings.defaults())
                .train(examples, data.getFileName() + " sha256:" + d.sha256());
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream o = Files.newOutputStream(out)) {
                r.model().write(o);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + out + ": " + e.getMessage());
        }
        return r;
    }
}
