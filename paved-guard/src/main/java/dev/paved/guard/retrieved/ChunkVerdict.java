package dev.paved.guard.retrieved;

import dev.paved.guard.ScanResult;

/**
 * What happened to one chunk: passed as is, fenced (the text to put in the context is {@link #contextText}),
 * dropped, or quarantined; with the scan that decided it.
 */
public record ChunkVerdict(RetrievedChunk chunk, Outcome outcome, String contextText, ScanResult scan) {
    public enum Outcome { PASSED, FENCED, DROPPED, QUARANTINED }

    public boolean inContext() {
        return outcome == Outcome.PASSED || outcome == Outcome.FENCED;
    }
}
