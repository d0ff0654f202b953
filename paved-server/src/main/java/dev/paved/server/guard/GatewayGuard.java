package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.chat.CallObserver;
import dev.paved.gateway.chat.CallRecorder;
import dev.paved.gateway.chat.ClientChannel;
import dev.paved.gateway.guard.ChatGuard;
import dev.paved.guard.GuardChain;
import dev.paved.guard.Redactions;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Stage;
import dev.paved.guard.Verdict;
import dev.paved.guard.config.PolicyResolver;
import dev.paved.guard.config.ResolvedPolicy;
import dev.paved.guard.retrieved.ChunkVerdict;
import dev.paved.guard.retrieved.RetrievedChunk;
import dev.paved.guard.retrieved.RetrievedContentGuard;
import java.util.List;

/**
 * Applies the tenant's and feature's guardrail policy to a chat call: the input scanners on system and user
 * text (a block answers the caller with the reason codes and one zero-cost ledger entry; a redaction rewrites
 * the request), the retrieved-content policy on tool results (fence, drop or quarantine), and, through
 * {@link GuardedChannel}, the output scanners on the answer.
 */
public final class GatewayGuard implements ChatGuard {
    static final String WITHHELD = "[tool result withheld by guardrails: %s]";

    private final PolicyResolver policies;
    private final GuardEvents events;
    private final CallObserver observer;

    GatewayGuard(PolicyResolver policies, GuardEvents events, CallObserver observer) {
        this.policies = policies;
        this.events = events;
        this.observer = observer;
    }

    /** The guard for the server: decisions go to {@code telemetry}, blocked calls to the ledger through {@code observer}. */
    public static ChatGuard of(PolicyResolver policies, GuardTelemetry telemetry, CallObserver observer) {
        return policies.config().enabled() ? new GatewayGuard(policies, telemetry, observer) : ChatGuard.NONE;
    }

    @Override
    public ClientChannel before(RequestContext ctx, String api, WireFormat inbound, ObjectNode body, ClientChannel channel) {
        if (!policies.applies(api)) {
            return channel;
        }
        ResolvedPolicy policy = policies.resolve(ctx.tenantId(), ctx.featureId());
        if (policy.isEmpty()) {
            return channel;
        }
        String alias = body.path("model").asText(null);
        Redactions redactions = new Redactions();
        ScanContext scan = new ScanContext(ctx.tenantId(), ctx.featureId(), Stage.INPUT, alias, redactions);
        List<TextSlot> slots = BodyTexts.request(inbound, body);

        StageTally input = new StageTally(Stage.INPUT.id());
        if (!policy.input().isEmpty()) {
            for (TextSlot slot : slots) {
                if (slot.stage() != Stage.INPUT) {
                    continue;
                }
                GuardChain.Outcome o = policy.input().run(slot.text(), scan);
                input.add(o);
                if (o.blocked()) {
                    block(ctx, api, alias, body, channel, input);
                    return null;
                }
                if (o.result().verdict() == Verdict.REDACT) {
                    slot.replace(o.result().text());
                }
            }
        }
        report(ctx, api, alias, input, !policy.input().isEmpty());
        if (!policy.retrieved().isEmpty()) {
            toolResults(ctx, api, alias, slots, policy.retrievedGuard(), scan);
        }
        JsonNode schema = policy.jsonSchema() == null ? null : BodyTexts.requestedSchema(inbound, body);
        boolean restore = policy.reversible() && redactions.size() > 0;
        redactions.limitRestoreToCurrent(); // the caller gets back what it sent, never what the output stage withholds
        if (policy.output().isEmpty() && schema == null && !restore) {
            return channel;
        }
        return new GuardedChannel(channel, inbound, policy, scan.at(Stage.OUTPUT), schema, restore, events, ctx, api, alias);
    }

    /** Tool results are untrusted content: fenced, or replaced by a notice when dropped or quarantined. */
    private void toolResults(RequestContext ctx, String api, String alias, List<TextSlot> slots, RetrievedContentGuard guard, ScanContext scan) {
        StageTally tally = new StageTally(Stage.RETRIEVED.id());
        int n = 0;
        for (TextSlot slot : slots) {
            if (slot.stage() != Stage.RETRIEVED) {
                continue;
            }
            long t0 = System.nanoTime();
            ChunkVerdict v = guard.check(List.of(new RetrievedChunk("tool-result-" + (++n), "tool", slot.text())), scan).verdicts().get(0);
            tally.add(v.scan(), System.nanoTime() - t0);
            switch (v.outcome()) {
                case PASSED -> {
                    if (!v.contextText().equals(slot.text())) {
                        slot.replace(v.contextText());
                    }
                }
                case FENCED -> {
                    slot.replace(v.contextText());
                    tally.verdict("fence");
                }
                case DROPPED, QUARANTINED -> {
                    slot.replace(String.format(WITHHELD, String.join(",", v.scan().reasonCodes())));
                    tally.verdict(v.outcome() == ChunkVerdict.Outcome.DROPPED ? "drop" : "quarantine");
                }
            }
        }
        report(ctx, api, alias, tally, n > 0);
    }

    private void report(RequestContext ctx, String api, String alias, StageTally tally, boolean ran) {
        if (tally.reportable()) {
            events.decided(ctx, api, alias, tally.decision());
        } else if (ran) {
            events.passed(api, tally.stage(), tally.micros());
        }
    }

    private void block(RequestContext ctx, String api, String alias, ObjectNode body, ClientChannel channel, StageTally input) {
        events.decided(ctx, api, alias, input.decision());
        channel.fail(GuardErrors.inputBlocked(input.reasonCodes()));
        CallRecorder rec = new CallRecorder(ctx, api, observer);
        rec.stream(body.path("stream").asBoolean(false));
        rec.alias(alias);
        rec.failed(400, GuardErrors.INPUT_BLOCKED);
    }
}
