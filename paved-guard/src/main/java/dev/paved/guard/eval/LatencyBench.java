package dev.paved.guard.eval;

import dev.paved.guard.Action;
import dev.paved.guard.GuardChain;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Stage;
import dev.paved.guard.config.GuardPolicy;
import dev.paved.guard.config.ResolvedPolicy;
import dev.paved.guard.config.ScannerSpec;
import dev.paved.guard.injection.JointClassifier;
import dev.paved.guard.injection.LogisticModel;
import dev.paved.guard.injection.TextNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency of the input stage on a long prompt: every input scanner together without the learned classifier,
 * each scanner alone, and the classifier alone. The prompt is benign rows of a labelled JSONL file joined
 * until it reaches the requested size, with an email and a phone number planted so PII redaction does work.
 *
 * <p>Run: {@code java -cp paved-cli/target/paved.jar dev.paved.guard.eval.LatencyBench FILE [chars] [iterations]}
 * (bench/guard-latency.sh).
 */
public final class LatencyBench {
    private LatencyBench() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: LatencyBench DATASET.jsonl [chars=8000] [iterations=2000]");
            System.exit(2);
        }
        int chars = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        String prompt = prompt(Path.of(args[0]), chars);
        System.out.printf("prompt: %d chars, %d words%n", prompt.length(), prompt.split("\\s+").length);

        Map<String, ScannerSpec> input = new LinkedHashMap<>();
        input.put("max_size", new ScannerSpec("max_size", true, null, null, Map.of("max_chars", 200_000)));
        input.put("pii", new ScannerSpec("pii", true, Action.REDACT, null, Map.of()));
        input.put("secrets", new ScannerSpec("secrets", true, null, null, Map.of()));
        input.put("injection", new ScannerSpec("injection", true, null, null, Map.of("classifier", "none")));
        input.put("denied_topics", new ScannerSpec("denied_topics", true, null, null, Map.of("topics",
                Map.of("weapons", List.of("build a bomb", "nerve agent", "untraceable gun"), "competitors", List.of("acme corp", "globex")))));
        input.put("language", new ScannerSpec("language", true, null, null, Map.of("allowed", List.of("en", "de"))));
        input.put("model_data_class", new ScannerSpec("model_data_class", true, null, null, Map.of("pii_aliases", List.of("internal"))));
        ResolvedPolicy policy = ResolvedPolicy.of(new GuardPolicy(Map.of(Stage.INPUT, input), false, null));

        System.out.println("| measured | p50 µs | p95 µs | p99 µs |");
        System.out.println("|---|---|---|---|");
        report("all input scanners, no classifier", time(policy.input(), prompt, "public-gpt", iterations));
        for (var s : policy.input().scanners()) {
            report(s.name() + (s.name().equals("injection") ? " (rules only)" : ""), time(new GuardChain(List.of(s)), prompt, "public-gpt", iterations));
        }
        LogisticModel model = LogisticModel.bundled();
        String[] normalized = java.util.Arrays.stream(variants(prompt)).map(TextNormalizer::normalize).toArray(String[]::new);
        long[] ns = new long[iterations];
        for (int w = 0; w < iterations; w++) {
            model.score(normalized[w % normalized.length]);
        }
        for (int i = 0; i < iterations; i++) {
            String text = normalized[i % normalized.length];
            long t0 = System.nanoTime();
            model.score(text);
            ns[i] = System.nanoTime() - t0;
        }
        report("classifier alone (hashed-lr, on normalised text)", ns);
        // The joint classifier embeds the text and its sentences (up to 24) with bge-small: milliseconds, so fewer runs.
        int slow = Math.max(20, Math.min(iterations, 100));
        report("joint classifier alone (" + slow + " runs)", timeClassifier(JointClassifier.bundled(), normalized, slow));
        String[] shortPrompts = new String[16];
        for (int i = 0; i < shortPrompts.length; i++) {
            shortPrompts[i] = TextNormalizer.normalize("Note " + (char) ('a' + i) + ". Which documents do I need to renew my passport, and how long does it take?");
        }
        report("joint classifier alone, 20-word prompt (" + slow + " runs)", timeClassifier(JointClassifier.bundled(), shortPrompts, slow));
    }

    private static long[] timeClassifier(dev.paved.guard.injection.InjectionClassifier c, String[] normalized, int iterations) {
        for (int w = 0; w < Math.max(5, iterations / 5); w++) {
            c.score(normalized[w % normalized.length]);
        }
        long[] ns = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            String text = normalized[i % normalized.length];
            long t0 = System.nanoTime();
            c.score(text);
            ns[i] = System.nanoTime() - t0;
        }
        return ns;
    }

    /** Rotates through distinct copies of the prompt so no per-text cache can answer from a previous iteration. */
    private static long[] time(GuardChain chain, String prompt, String alias, int iterations) {
        String[] variants = variants(prompt);
        for (int w = 0; w < iterations; w++) {
            chain.run(variants[w % variants.length], ctx(alias));
        }
        long[] ns = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            ScanContext ctx = ctx(alias);
            String text = variants[i % variants.length];
            long t0 = System.nanoTime();
            chain.run(text, ctx);
            ns[i] = System.nanoTime() - t0;
        }
        return ns;
    }

    private static String[] variants(String prompt) {
        String[] v = new String[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = "Note " + (char) ('a' + i) + ". " + prompt.substring(8);
        }
        return v;
    }

    private static ScanContext ctx(String alias) {
        return new ScanContext("tn_bench", null, Stage.INPUT, alias, new dev.paved.guard.Redactions());
    }

    private static void report(String what, long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        System.out.printf("| %s | %.0f | %.0f | %.0f |%n", what, at(s, 0.5), at(s, 0.95), at(s, 0.99));
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }

    static String prompt(Path file, int chars) {
        List<String> benign = new ArrayList<>();
        for (Datasets.Labelled l : Datasets.read(file).labelled()) {
            if (!l.attack()) {
                benign.add(l.text());
            }
        }
        StringBuilder b = new StringBuilder("Please review the notes below and reply to jane.doe@example.com or call +1 415-555-2671.\n");
        for (int i = 0; b.length() < chars; i++) {
            b.append(benign.get(i % benign.size())).append('\n');
        }
        return b.substring(0, chars);
    }
}
