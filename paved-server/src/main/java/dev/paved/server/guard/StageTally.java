package dev.paved.server.guard;

import dev.paved.guard.Finding;
import dev.paved.guard.GuardChain;
import dev.paved.guard.ScanResult;
import dev.paved.guard.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Adds up the scans of one stage of one request into a {@link GuardDecision}. */
final class StageTally {
    private final String stage;
    private final Set<String> scanners = new LinkedHashSet<>();
    private final Set<String> reasons = new LinkedHashSet<>();
    private String verdict = "allow";
    private double maxScore;
    private long nanos;
    private int redactions;

    StageTally(String stage) {
        this.stage = stage;
    }

    void add(GuardChain.Outcome outcome) {
        for (GuardChain.Step s : outcome.steps()) {
            nanos += s.nanos();
        }
        add(outcome.result(), 0);
    }

    void add(ScanResult r, long extraNanos) {
        nanos += extraNanos;
        maxScore = Math.max(maxScore, r.score());
        for (Finding f : r.findings()) {
            scanners.add(f.scanner());
            reasons.add(f.code());
            if (f.positional()) {
                redactions++;
            }
        }
        if (r.verdict() == Verdict.BLOCK) {
            verdict = "block";
        } else if (r.verdict() == Verdict.REDACT && !verdict.equals("block")) {
            verdict = "redact";
        }
    }

    /** A verdict other than the chain's own, such as fence or drop for retrieved content. */
    void verdict(String v) {
        verdict = v;
    }

    void finding(String scanner, String code, double score) {
        scanners.add(scanner);
        reasons.add(code);
        maxScore = Math.max(maxScore, score);
    }

    boolean reportable() {
        return !reasons.isEmpty();
    }

    boolean blocked() {
        return verdict.equals("block");
    }

    String stage() {
        return stage;
    }

    long micros() {
        return nanos / 1000;
    }

    List<String> reasonCodes() {
        return new ArrayList<>(reasons);
    }

    GuardDecision decision() {
        return new GuardDecision(stage, verdict, new ArrayList<>(scanners), new ArrayList<>(reasons), maxScore,
                verdict.equals("block") ? 0 : redactions, micros());
    }
}
