package dev.paved.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.paved.guard.eval.Datasets;
import dev.paved.guard.eval.GuardEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "guard", mixinStandardHelpOptions = true,
        description = {"Measure the guardrail scanners on a JSONL dataset and print a table.",
                "Rows are {\"text\": ..., \"label\": 0|1} (1 = attack): detection rate (TPR) and false-positive rate (FPR) per scanner and",
                "overall (a row counts as flagged when any listed scanner blocks it). Or rows are",
                "{\"text\": ..., \"spans\": [{\"start\", \"end\", \"type\"}]}: recall per PII type and precision of detected spans."})
final class EvalGuardCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "JSONL file to evaluate on.")
    Path dataset;
    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;
    @Option(names = "--scanners", split = ",", defaultValue = "injection_rules,injection_classifier",
            description = "Scanners for labelled sets (default ${DEFAULT-VALUE}); any of: injection_rules, injection_classifier, injection_embedding, injection_joint, injection (rules + joint), toxicity, secrets, pii.")
    List<String> scanners;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Datasets.Dataset d;
        try {
            d = Datasets.read(dataset);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage() + " (expected JSONL with {\"text\", \"label\"} or {\"text\", \"spans\"} rows)");
        }
        for (String s : scanners) {
            if (!GuardEvaluation.SCANNERS.contains(s)) {
                throw new CliException("unknown scanner '" + s + "'; valid: " + String.join(", ", GuardEvaluation.SCANNERS));
            }
        }
        String name = dataset.getFileName().toString();
        Map<String, Object> result;
        if (d.isPii()) {
            int total = d.pii().size();
            GuardEvaluation.PiiReport r = GuardEvaluation.pii(d.pii(), done -> progress(done, total));
            System.err.println();
            Table t = new Table("pii type", "gold", "found", "recall");
            for (GuardEvaluation.TypeStats s : r.perType()) {
                t.row(s.type(), s.gold(), s.found(), pct(s.recall()));
            }
            t.row("all", r.gold(), r.found(), pct(r.recall()));
            t.print(out);
            out.printf("precision of detected spans: %s (%d of %d); latency p50 %.0f µs, p95 %.0f µs per text%n",
                    pct(r.precision()), r.predictedCorrect(), r.predicted(), r.p50Micros(), r.p95Micros());
            if (!r.unmappedTypes().isEmpty()) {
                out.println("not scored (no matching detector): " + String.join(", ", r.unmappedTypes()));
            }
            result = GuardEvaluation.json(r, name, total);
        } else {
            int total = d.labelled().size();
            GuardEvaluation.LabelledReport r = GuardEvaluation.labelled(d.labelled(), scanners, done -> progress(done, total));
            System.err.println();
            Table t = new Table("scanner", "TPR", "FPR", "TP", "FN", "FP", "TN", "p50 µs", "p95 µs");
            for (GuardEvaluation.ScannerStats s : r.perScanner()) {
                row(t, s);
            }
            row(t, r.overall());
            t.print(out);
            long attacks = d.labelled().stream().filter(Datasets.Labelled::attack).count();
            out.printf("%s: %d rows (%d attacks, %d benign), sha256 %s%n", name, total, attacks, total - attacks, d.sha256().substring(0, 16));
            result = GuardEvaluation.json(r, name, total);
        }
        if (json != null) {
            try {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
            } catch (IOException e) {
                throw new CliException("cannot write " + json + ": " + e.getMessage());
            }
            out.println("wrote " + json);
        }
        return 0;
    }

    private static void row(Table t, GuardEvaluation.ScannerStats s) {
        t.row(s.scanner(), pct(s.tpr()), pct(s.fpr()), s.tp(), s.fn(), s.fp(), s.tn(), String.format("%.0f", s.p50Micros()),
                String.format("%.0f", s.p95Micros()));
    }

    private static void progress(int done, int total) {
        System.err.print("\r  scanned " + done + " / " + total + " rows");
    }

    static String pct(double v) {
        return String.format("%.1f%%", v * 100);
    }
}
