package dev.paved.guard.eval;

import dev.paved.guard.Action;
import dev.paved.guard.DetectorScanner;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Scanner;
import dev.paved.guard.Stage;
import dev.paved.guard.injection.EmbeddingClassifier;
import dev.paved.guard.injection.InjectionDetector;
import dev.paved.guard.injection.JointClassifier;
import dev.paved.guard.injection.LogisticModel;
import dev.paved.guard.output.ToxicityDetector;
import dev.paved.guard.pii.PiiDetector;
import dev.paved.guard.pii.PiiMatch;
import dev.paved.guard.pii.PiiType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Measures scanners on a dataset. Labelled sets ({@code label} 1 = attack): detection rate (TPR) and
 * false-positive rate per scanner, and overall for the union of the scanners (a text is flagged when any of
 * them blocks it), with each scanner's latency. PII sets: recall per type (a gold span counts as found when
 * a detected span of the same type overlaps it) and precision of detected spans.
 */
public final class GuardEvaluation {
    /** Scanner names {@code paved eval guard --scanners} accepts. */
    public static final List<String> SCANNERS = List.of("injection_rules", "injection_classifier", "injection_embedding", "injection_joint", "injection", "toxicity",
            "secrets", "pii");

    /** One scanner's figures on a labelled set. */
    public record ScannerStats(String scanner, int tp, int fn, int fp, int tn, double p50Micros, double p95Micros) {
        public double tpr() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double fpr() {
            return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
        }
    }

    /** A labelled-set report: per scanner and the union of all. */
    public record LabelledReport(List<ScannerStats> perScanner, ScannerStats overall) {
    }

    /** One PII type's figures. */
    public record TypeStats(String type, int gold, int found) {
        public double recall() {
            return gold == 0 ? 0 : (double) found / gold;
        }
    }

    /** A PII-set report: recall per type and overall, precision of detected spans, unmapped gold types. */
    public record PiiReport(List<TypeStats> perType, int gold, int found, int predicted, int predictedCorrect,
                            List<String> unmappedTypes, double p50Micros, double p95Micros) {
        public double recall() {
            return gold == 0 ? 0 : (double) found / gold;
        }

        public double precision() {
            return predicted == 0 ? 1 : (double) predictedCorrect / predicted;
        }
    }

    private GuardEvaluation() {
    }

    /** The named scanner with the block action at threshold 0.5. */
    public static Scanner scanner(String name) {
        return switch (name) {
            case "injection_rules" -> new DetectorScanner(name, new InjectionDetector(true, java.util.List.of()), Action.BLOCK, 0.5);
            case "injection_classifier" -> new DetectorScanner(name, new InjectionDetector(false, LogisticModel.bundled()), Action.BLOCK, 0.5);
            case "injection_embedding" -> new DetectorScanner(name, new InjectionDetector(false, EmbeddingClassifier.bundled()), Action.BLOCK, 0.5);
            case "injection_joint" -> new DetectorScanner(name, new InjectionDetector(false, JointClassifier.bundled()), Action.BLOCK, 0.5);
            case "injection" -> new DetectorScanner(name, new InjectionDetector(true, List.of(JointClassifier.bundled())), Action.BLOCK, 0.5);
            case "toxicity" -> new DetectorScanner(name, new ToxicityDetector(List.of()), Action.BLOCK, 0.5);
            case "secrets" -> new DetectorScanner(name, new PiiDetector(EnumSet.of(PiiType.SECRET), "US"), Action.BLOCK, 0.5);
            case "pii" -> new DetectorScanner(name, new PiiDetector(), Action.BLOCK, 0.5);
            default -> throw new IllegalArgumentException("unknown scanner '" + name + "'; valid: " + String.join(", ", SCANNERS));
        };
    }

    /** @param progress told the number of rows done, every 50 rows and at the end */
    public static LabelledReport labelled(List<Datasets.Labelled> rows, List<String> scannerNames, IntConsumer progress) {
        List<Scanner> scanners = scannerNames.stream().map(GuardEvaluation::scanner).toList();
        int n = rows.size();
        boolean[][] hit = new boolean[scanners.size()][n];
        long[][] nanos = new long[scanners.size()][n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < scanners.size(); s++) {
                ScanContext ctx = ScanContext.of(Stage.INPUT);
                long t0 = System.nanoTime();
                hit[s][i] = scanners.get(s).scan(rows.get(i).text(), ctx).blocked();
                nanos[s][i] = System.nanoTime() - t0;
            }
            if ((i + 1) % 50 == 0 || i + 1 == n) {
                progress.accept(i + 1);
            }
        }
        List<ScannerStats> per = new ArrayList<>();
        boolean[] any = new boolean[n];
        long[] total = new long[n];
        for (int s = 0; s < scanners.size(); s++) {
            per.add(stats(scannerNames.get(s), rows, hit[s], nanos[s]));
            for (int i = 0; i < n; i++) {
                any[i] |= hit[s][i];
                total[i] += nanos[s][i];
            }
        }
        return new LabelledReport(per, stats("overall", rows, any, total));
    }

    private static ScannerStats stats(String name, List<Datasets.Labelled> rows, boolean[] hit, long[] nanos) {
        int tp = 0;
        int fn = 0;
        int fp = 0;
        int tn = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).attack()) {
                if (hit[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (hit[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ScannerStats(name, tp, fn, fp, tn, percentile(nanos, 0.5) / 1000, percentile(nanos, 0.95) / 1000);
    }

    public static PiiReport pii(List<Datasets.PiiExample> rows, IntConsumer progress) {
        PiiDetector detector = new PiiDetector();
        Map<String, int[]> perType = new TreeMap<>();
        List<String> unmapped = new ArrayList<>();
        int gold = 0;
        int found = 0;
        int predicted = 0;
        int predictedCorrect = 0;
        long[] nanos = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Datasets.PiiExample ex = rows.get(i);
            long t0 = System.nanoTime();
            List<PiiMatch> matches = detector.find(ex.text());
            nanos[i] = System.nanoTime() - t0;
            for (Datasets.Span s : ex.spans()) {
                PiiType t = Datasets.piiType(s.type());
                if (t == null) {
                    if (!unmapped.contains(s.type())) {
                        unmapped.add(s.type());
                    }
                    continue;
                }
                int[] c = perType.computeIfAbsent(t.id(), k -> new int[2]);
                c[0]++;
                gold++;
                boolean hit = matches.stream().anyMatch(m -> sameClass(m.type(), t) && m.start() < s.end() && s.start() < m.end());
                if (hit) {
                    c[1]++;
                    found++;
                }
            }
            for (PiiMatch m : matches) {
                predicted++;
                if (ex.spans().stream().anyMatch(s -> m.start() < s.end() && s.start() < m.end())) {
                    predictedCorrect++;
                }
            }
            if ((i + 1) % 200 == 0 || i + 1 == rows.size()) {
                progress.accept(i + 1);
            }
        }
        List<TypeStats> types = new ArrayList<>();
        perType.forEach((k, v) -> types.add(new TypeStats(k, v[0], v[1])));
        return new PiiReport(types, gold, found, predicted, predictedCorrect, unmapped,
                percentile(nanos, 0.5) / 1000, percentile(nanos, 0.95) / 1000);
    }

    /** National ids of different countries share one placeholder; a dataset's generic id type matches any of them. */
    private static boolean sameClass(PiiType detected, PiiType gold) {
        return detected == gold || detected.label().equals(gold.label());
    }

    /** As a map for {@code --json}: tpr, fpr, per_scanner. */
    public static Map<String, Object> json(LabelledReport r, String dataset, int rows) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataset", dataset);
        root.put("rows", rows);
        root.put("tpr", r.overall().tpr());
        root.put("fpr", r.overall().fpr());
        root.put("overall", statsJson(r.overall()));
        Map<String, Object> per = new LinkedHashMap<>();
        for (ScannerStats s : r.perScanner()) {
            per.put(s.scanner(), statsJson(s));
        }
        root.put("per_scanner", per);
        return root;
    }

    /** As a map for {@code --json}: tpr (= overall recall), fpr (null: no negatives), recall per type, per_scanner. */
    public static Map<String, Object> json(PiiReport r, String dataset, int rows) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataset", dataset);
        root.put("rows", rows);
        root.put("tpr", r.recall());
        root.put("fpr", null);
        Map<String, Object> recall = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        for (TypeStats t : r.perType()) {
            recall.put(t.type(), t.recall());
            counts.put(t.type(), Map.of("gold", t.gold(), "found", t.found()));
        }
        root.put("recall", recall);
        root.put("counts", counts);
        root.put("precision", r.precision());
        root.put("unmapped_types", r.unmappedTypes());
        root.put("per_scanner", Map.of("pii", Map.of("recall", r.recall(), "precision", r.precision(),
                "p50_us", r.p50Micros(), "p95_us", r.p95Micros())));
        return root;
    }

    private static Map<String, Object> statsJson(ScannerStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tpr", s.tpr());
        m.put("fpr", s.fpr());
        m.put("tp", s.tp());
        m.put("fn", s.fn());
        m.put("fp", s.fp());
        m.put("tn", s.tn());
        m.put("p50_us", s.p50Micros());
        m.put("p95_us", s.p95Micros());
        return m;
    }

    static double percentile(long[] values, double q) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
