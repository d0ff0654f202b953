package dev.paved.server.guard;

import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.guard.GuardChain;
import dev.paved.guard.Redactions;
import dev.paved.guard.ScanContext;
import dev.paved.guard.ScanResult;
import dev.paved.guard.Stage;
import dev.paved.guard.Verdict;
import dev.paved.guard.config.PolicyResolver;
import dev.paved.guard.config.ResolvedPolicy;
import dev.paved.guard.output.StreamRedactor;
import dev.paved.guard.retrieved.ChunkVerdict;
import dev.paved.guard.retrieved.RetrievedChunk;
import dev.paved.rag.Passage;
import java.util.ArrayList;
import java.util.List;

/**
 * The guardrail hooks of the RAG lifecycle (API {@code rag.chat}), with the tenant's and feature's policy: step 2
 * checks the question (a block is a 400 with reason codes), step 6 screens retrieved passages (fence, drop or
 * quarantine), step 8 checks the answer as a whole or as it streams (held back and redacted like the gateway's
 * streams). Decisions go to the audit log, metrics and the trace like the gateway's.
 */
public final class RagGuard {
    public static final String API = "rag.chat";

    private final PolicyResolver policies;
    private final GuardEvents events;

    RagGuard(PolicyResolver policies, GuardEvents events) {
        this.policies = policies;
        this.events = events;
    }

    public static RagGuard of(PolicyResolver policies, GuardTelemetry telemetry) {
        return new RagGuard(policies, telemetry);
    }

    /** The policy that applies to a request, or null when guardrails do not apply to RAG for it. */
    private ResolvedPolicy policy(RequestContext ctx) {
        if (!policies.applies(API)) {
            return null;
        }
        ResolvedPolicy p = policies.resolve(ctx.tenantId(), ctx.featureId());
        return p.isEmpty() ? null : p;
    }

    /** Step 2's result: the question to use (redacted where the policy redacts) and the decision for the trace. */
    public record Input(String query, String decision) {
    }

    /** @throws PavedException 400 {@code guardrail_blocked} when the policy blocks the question */
    public Input input(RequestContext ctx, String alias, String query) {
        ResolvedPolicy p = policy(ctx);
        if (p == null || p.input().isEmpty()) {
            return new Input(query, "skipped:no_input_policy");
        }
        ScanContext scan = new ScanContext(ctx.tenantId(), ctx.featureId(), Stage.INPUT, alias, new Redactions());
        GuardChain.Outcome o = p.input().run(query, scan);
        StageTally tally = new StageTally(Stage.INPUT.id());
        tally.add(o);
        if (o.blocked()) {
            events.decided(ctx, API, alias, tally.decision());
            throw GuardErrors.inputBlocked(tally.reasonCodes());
        }
        report(ctx, alias, tally);
        return o.result().verdict() == Verdict.REDACT ? new Input(o.result().text(), "redacted:" + String.join(",", tally.reasonCodes()))
                : new Input(query, "allowed");
    }

    /** Step 6's screening: passages that may enter the context (fenced or redacted where flagged), and counts. */
    public record Screened(List<Passage> passages, String decision, int flagged, int removed) {
    }

    public Screened retrieved(RequestContext ctx, String alias, List<Passage> passages) {
        ResolvedPolicy p = policy(ctx);
        if (p == null || p.retrieved().isEmpty() || passages.isEmpty()) {
            return new Screened(passages, "skipped:no_retrieved_policy", 0, 0);
        }
        ScanContext scan = new ScanContext(ctx.tenantId(), ctx.featureId(), Stage.RETRIEVED, alias, new Redactions());
        List<RetrievedChunk> chunks = new ArrayList<>(passages.size());
        for (Passage x : passages) {
            chunks.add(new RetrievedChunk(x.chunkId(), x.source() == null ? x.documentId() : x.source(), x.text()));
        }
        long t0 = System.nanoTime();
        List<ChunkVerdict> verdicts = p.retrievedGuard().check(chunks, scan).verdicts();
        StageTally tally = new StageTally(Stage.RETRIEVED.id());
        List<Passage> out = new ArrayList<>(passages.size());
        int removed = 0;
        String worst = null;
        for (int i = 0; i < verdicts.size(); i++) {
            ChunkVerdict v = verdicts.get(i);
            tally.add(v.scan(), i == 0 ? System.nanoTime() - t0 : 0);
            switch (v.outcome()) {
                case PASSED -> out.add(passages.get(i).withText(v.contextText()));
                case FENCED -> {
                    out.add(passages.get(i).withText(v.contextText()));
                    worst = worst == null ? "fence" : worst;
                }
                case DROPPED, QUARANTINED -> {
                    removed++;
                    worst = v.outcome() == ChunkVerdict.Outcome.DROPPED ? "drop" : "quarantine";
                }
            }
        }
        if (worst != null) {
            tally.verdict(worst);
        }
        report(ctx, alias, tally);
        int flagged = (int) verdicts.stream().filter(v -> v.outcome() != ChunkVerdict.Outcome.PASSED).count();
        return new Screened(out, flagged == 0 ? "passed" : worst + ":" + flagged, flagged, removed);
    }

    /** Step 8 for one answer, or null when the policy has no output scanners. */
    public OutputCheck output(RequestContext ctx, String alias) {
        ResolvedPolicy p = policy(ctx);
        if (p == null || p.output().isEmpty()) {
            return null;
        }
        return new OutputCheck(ctx, alias, p.output(), new ScanContext(ctx.tenantId(), ctx.featureId(), Stage.OUTPUT, alias, new Redactions()));
    }

    /**
     * The output scanners of one answer: on the whole text, or as it streams through a {@link StreamRedactor} (held
     * back until no value can span the release point, then sent redacted).
     */
    public final class OutputCheck {
        private final RequestContext ctx;
        private final String alias;
        private final GuardChain chain;
        private final ScanContext scan;
        private final StringBuilder sent = new StringBuilder();
        private final StageTally tally = new StageTally(Stage.OUTPUT.id());
        private StreamRedactor redactor;

        OutputCheck(RequestContext ctx, String alias, GuardChain chain, ScanContext scan) {
            this.ctx = ctx;
            this.alias = alias;
            this.chain = chain;
            this.scan = scan;
        }

        /**
         * Takes the next streamed delta and returns the text that may be sent now: redacted where the policy
         * redacts, possibly empty while a value may still be growing.
         *
         * @throws PavedException when the policy blocks; the offending text was not returned before
         */
        public String stream(String delta) {
            if (redactor == null) {
                redactor = new StreamRedactor(chain, scan, false);
            }
            return released(redactor.feed(delta));
        }

        /** The streamed answer is complete: what was still held back, checked. @throws PavedException when blocked */
        public String finish() {
            return redactor == null ? "" : released(redactor.flush());
        }

        /** The streamed answer as it was sent, redacted. */
        public String streamed() {
            return sent.toString();
        }

        private String released(StreamRedactor.Release r) {
            for (GuardChain.Outcome o : r.outcomes()) {
                tally.add(o);
            }
            if (r.probeNanos() > 0) {
                tally.add(ScanResult.allow(""), r.probeNanos());
            }
            if (r.blocked()) {
                tally.verdict("block");
                events.decided(ctx, API, alias, tally.decision());
                throw GuardErrors.outputBlocked(tally.reasonCodes());
            }
            sent.append(r.text());
            return r.text();
        }

        /** Checks a whole answer: returns it, redacted where the policy redacts. @throws PavedException when blocked */
        public String full(String text) {
            GuardChain.Outcome o = chain.run(text, scan);
            tally.add(o);
            if (o.blocked()) {
                events.decided(ctx, API, alias, tally.decision());
                throw GuardErrors.outputBlocked(tally.reasonCodes());
            }
            return o.result().verdict() == Verdict.REDACT ? o.result().text() : text;
        }

        /** Reports the stage once the answer is complete. */
        public String done() {
            report(ctx, alias, tally);
            return tally.reportable() ? tally.decision().verdict() : "allowed";
        }
    }

    private void report(RequestContext ctx, String alias, StageTally tally) {
        if (tally.reportable()) {
            events.decided(ctx, API, alias, tally.decision());
        } else {
            events.passed(API, tally.stage(), tally.micros());
        }
    }
}
