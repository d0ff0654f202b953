package dev.paved.guard;

import java.util.List;

/**
 * A scanner's answer: the verdict, the text to pass on (the redacted text after {@link Verdict#REDACT},
 * else the input), what was found, and the highest score seen, also when it stayed below the threshold.
 */
public record ScanResult(Verdict verdict, String text, List<Finding> findings, double score) {
    public ScanResult {
        findings = List.copyOf(findings);
    }

    public static ScanResult allow(String text) {
        return new ScanResult(Verdict.ALLOW, text, List.of(), 0);
    }

    public boolean blocked() {
        return verdict == Verdict.BLOCK;
    }

    /** The distinct reason codes, in order of first appearance. */
    public List<String> reasonCodes() {
        return findings.stream().map(Finding::code).distinct().toList();
    }
}
