package dev.paved.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Scanner} made of a {@link Detector}, a threshold and an {@link Action}: findings scoring at or
 * above the threshold trigger the action; lower ones are dropped, but the highest score is still reported.
 */
public final class DetectorScanner implements Scanner {
    private final String name;
    private final Detector detector;
    private final Action action;
    private final double threshold;

    public DetectorScanner(String name, Detector detector, Action action, double threshold) {
        this.name = Objects.requireNonNull(name, "name");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.action = Objects.requireNonNull(action, "action");
        if (action == Action.REDACT && !detector.locatesSpans()) {
            throw new IllegalArgumentException("scanner '" + name + "' cannot redact: it judges the whole text; use block or log");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    public Action action() {
        return action;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public List<String> blockedPhrases() {
        return action == Action.BLOCK ? detector.phrases() : List.of();
    }

    @Override
    public ScanResult scan(String text, ScanContext ctx) {
        List<Finding> all = detector.detect(text, ctx);
        double max = 0;
        List<Finding> hits = new ArrayList<>();
        for (Finding f : all) {
            max = Math.max(max, f.score());
            if (f.score() >= threshold) {
                hits.add(f.withScanner(name));
            }
        }
        if (hits.isEmpty()) {
            return new ScanResult(Verdict.ALLOW, text, List.of(), max);
        }
        return switch (action) {
            case LOG -> new ScanResult(Verdict.ALLOW, text, hits, max);
            case BLOCK -> new ScanResult(Verdict.BLOCK, text, hits, max);
            case REDACT -> new ScanResult(Verdict.REDACT, redact(text, hits, ctx.redactions()), hits, max);
        };
    }

    /** Replaces the spans (overlaps resolved by the detector) right to left so offsets stay valid. */
    static String redact(String text, List<Finding> hits, Redactions redactions) {
        List<Finding> spans = new ArrayList<>(hits.stream().filter(Finding::positional).toList());
        spans.sort(Comparator.comparingInt(Finding::start));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : spans) {
            if (f.start() < at) {
                continue;
            }
            out.append(text, at, f.start());
            out.append(redactions.placeholder(f.label() == null ? "REDACTED" : f.label(), text.substring(f.start(), f.end())));
            at = f.end();
        }
        out.append(text, at, text.length());
        return out.toString();
    }
}
