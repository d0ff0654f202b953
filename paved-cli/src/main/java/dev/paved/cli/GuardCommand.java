package dev.paved.cli;

import dev.paved.guard.eval.Datasets;
import dev.paved.guard.eval.ModelTraining;
import dev.paved.guard.eval.PiiCorpusGenerator;
import dev.paved.guard.injection.LogisticTrainer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code paved guard …}: offline tools for the guardrails. */
@Command(name = "guard", mixinStandardHelpOptions = true, description = "Guardrail tools: read the audit log, retrain the injection classifier, generate the PII test corpus.",
        subcommands = {GuardCommand.Train.class, GuardCommand.PiiCorpus.class, GuardAuditCommand.class})
final class GuardCommand {

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Retrain the prompt-injection classifier (logistic regression over hashed word and character n-grams).",
                    "Deterministic: the same file gives the same weights. The bundled model was trained with:",
                    "  paved guard train --data ../shared/datasets/deepset-prompt-injections/train.jsonl",
                    "        --out paved-guard/src/main/resources/dev/paved/guard/injection-lr.bin.gz",
                    "With --kind embedding it trains the logistic head over bge-small-en-v1.5 sentence embeddings (ONNX Runtime, in",
                    "process) instead; the bundled head is injection-embedding-head.bin.gz, trained on the same file.",
                    "With --kind joint it trains one model over both (n-grams plus the embedding), scored on the whole text and on",
                    "each sentence; the bundled one is injection-joint.bin.gz, trained on the same file."})
    static final class Train implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "Training JSONL with {\"text\", \"label\": 0|1} rows.")
        Path data;
        @Option(names = "--out", required = true, description = "Model file to write.")
        Path out;
        @Option(names = "--kind", defaultValue = "hashed", description = "hashed (n-gram logistic regression, default), embedding or joint.")
        String kind;
        @Option(names = "--embedding-model", defaultValue = "bge-small-en-v1.5", description = "Embedding model for --kind embedding or joint (default ${DEFAULT-VALUE}).")
        String embeddingModel;

        @Override
        public Integer call() {
            System.err.println("training on " + data + " (5-fold cross-validation, then all rows) ...");
            if (kind.equals("embedding") || kind.equals("joint")) {
                LogisticTrainer.Fit fit;
                try {
                    long rows = countRows(data);
                    ProgressBar bar = new ProgressBar(System.err);
                    java.util.function.IntConsumer progress = n -> bar.update("embed", n, rows);
                    fit = kind.equals("joint") ? ModelTraining.trainJoint(data, out, embeddingModel, progress)
                            : ModelTraining.trainEmbedding(data, out, embeddingModel, progress);
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage());
                }
                System.err.println();
                new Table("model", "cv TPR", "cv FPR", "threshold", "embedding model")
                        .row(out, EvalGuardCommand.pct(fit.cvTpr()), EvalGuardCommand.pct(fit.cvFpr()), String.format("%.4f", fit.threshold()), embeddingModel)
                        .print(System.out);
                return 0;
            }
            if (!kind.equals("hashed")) {
                throw new CliException("--kind must be hashed, embedding or joint, got '" + kind + "'");
            }
            LogisticTrainer.Result r;
            try {
                r = ModelTraining.train(data, out);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            new Table("model", "cv TPR", "cv FPR", "threshold", "trained on")
                    .row(out, EvalGuardCommand.pct(r.cvTpr()), EvalGuardCommand.pct(r.cvFpr()), String.format("%.4f", r.model().threshold()),
                            r.model().trainedOn())
                    .print(System.out);
            return 0;
        }
    }

    /** Non-blank lines of a JSONL file: the rows a training run will embed (for the progress bar). */
    private static long countRows(Path data) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(data)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    @Command(name = "pii-corpus", mixinStandardHelpOptions = true,
            description = "Write the synthetic PII evaluation set: JSONL {\"text\", \"spans\"}, reproducible from the seed.")
    static final class PiiCorpus implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "2000", description = "Rows (default ${DEFAULT-VALUE}).")
        int rows;
        @Option(names = "--seed", defaultValue = "7", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--out", required = true, description = "JSONL file to write.")
        Path out;

        @Override
        public Integer call() {
            if (rows < 1) {
                throw new CliException("--rows must be at least 1");
            }
            List<Datasets.PiiExample> examples = new PiiCorpusGenerator(seed).generate(rows);
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            try {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    for (Datasets.PiiExample e : examples) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("text", e.text());
                        row.put("spans", e.spans().stream().map(s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("start", s.start());
                            m.put("end", s.end());
                            m.put("type", s.type());
                            return m;
                        }).toList());
                        w.write(json.writeValueAsString(row));
                        w.write('\n');
                    }
                }
            } catch (IOException e) {
                throw new CliException("cannot write " + out + ": " + e.getMessage());
            }
            System.out.println("wrote " + examples.size() + " rows to " + out + " (seed " + seed + ")");
            return 0;
        }
    }
}
