package dev.paved.server.guard;

import java.util.List;

/**
 * What the guardrails decided for one stage of one request: the verdict ({@code block}, {@code redact},
 * {@code fence}, {@code drop}, {@code quarantine} or {@code allow} with logged findings), the scanners that
 * reported, their reason codes, the highest score, how many values were redacted and the scan time.
 */
record GuardDecision(String stage, String verdict, List<String> scanners, List<String> reasonCodes, double maxScore,
                     int redactions, long scanMicros) {
    GuardDecision {
        scanners = List.copyOf(scanners);
        reasonCodes = List.copyOf(reasonCodes);
    }
}
