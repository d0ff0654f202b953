package dev.paved.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * The scanners of one stage, run in order on a text: each sees the text as redacted by the ones before;
 * the first block stops the chain. Records each scanner's time so callers can report it.
 */
public final class GuardChain {
    private final List<Scanner> scanners;
    private final PhrasePrefixes phrases;

    public GuardChain(List<Scanner> scanners) {
        this.scanners = List.copyOf(scanners);
        List<String> blocked = new ArrayList<>();
        for (Scanner s : this.scanners) {
            blocked.addAll(s.blockedPhrases());
        }
        this.phrases = PhrasePrefixes.of(blocked);
    }

    /** The multi-word phrases a scanner of this chain blocks, for a stream to hold back their first words. */
    public PhrasePrefixes phrases() {
        return phrases;
    }

    public static GuardChain empty() {
        return new GuardChain(List.of());
    }

    public List<Scanner> scanners() {
        return scanners;
    }

    public boolean isEmpty() {
        return scanners.isEmpty();
    }

    /** What the chain decided about one text, with each scanner's own result and time. */
    public record Outcome(ScanResult result, List<Step> steps) {
        public boolean blocked() {
            return result.blocked();
        }
    }

    /** One scanner's part: its name, its result and how long it took. */
    public record Step(String scanner, ScanResult result, long nanos) {
    }

    public Outcome run(String text, ScanContext ctx) {
        String current = text;
        Verdict verdict = Verdict.ALLOW;
        double score = 0;
        List<Finding> findings = new ArrayList<>();
        List<Step> steps = new ArrayList<>(scanners.size());
        for (Scanner s : scanners) {
            long t0 = System.nanoTime();
            ScanResult r = s.scan(current, ctx);
            steps.add(new Step(s.name(), r, System.nanoTime() - t0));
            findings.addAll(r.findings());
            score = Math.max(score, r.score());
            verdict = verdict.worst(r.verdict());
            if (r.blocked()) {
                return new Outcome(new ScanResult(Verdict.BLOCK, current, findings, score), steps);
            }
            current = r.text();
        }
        return new Outcome(new ScanResult(verdict, current, findings, score), steps);
    }
}
