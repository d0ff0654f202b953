package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.chat.ClientChannel;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.WireTranslation;
import dev.paved.guard.Action;
import dev.paved.guard.GuardChain;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Verdict;
import dev.paved.guard.config.ResolvedPolicy;
import dev.paved.guard.output.JsonText;
import dev.paved.guard.output.StructuredOutputValidator;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The caller's channel with the output stage in front of it. A complete answer is scanned, redacted or replaced
 * by an error, checked against the requested JSON schema (one repair), and has the request's placeholders put
 * back when the policy is reversible. A stream goes through {@link GuardedStream}: its text is held back until
 * no value can span the release point, scanned, and sent redacted (and restored) in events of the caller's
 * format; a block stops the stream with an error event before the offending text was sent.
 */
final class GuardedChannel implements ClientChannel {
    private final ClientChannel delegate;
    private final WireFormat format;
    private final ResolvedPolicy policy;
    private final ScanContext scan;
    private final JsonNode schema;
    private final boolean restore;
    private final GuardEvents events;
    private final RequestContext ctx;
    private final String api;
    private final String alias;
    private GuardedStream stream;
    private final StageTally streamTally;
    private boolean stopped;

    GuardedChannel(ClientChannel delegate, WireFormat format, ResolvedPolicy policy, ScanContext scan, JsonNode schema, boolean restore,
                   GuardEvents events, RequestContext ctx, String api, String alias) {
        this.delegate = delegate;
        this.format = format;
        this.policy = policy;
        this.scan = scan;
        this.schema = schema;
        this.restore = restore;
        this.events = events;
        this.ctx = ctx;
        this.api = api;
        this.alias = alias;
        this.streamTally = new StageTally("output");
    }

    @Override
    public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
        if (status != 200) {
            delegate.sendJson(status, body, extraHeaders);
            return;
        }
        JsonNode parsed = Json.parseOrNull(body.getBytes());
        if (!(parsed instanceof ObjectNode answer)) {
            delegate.sendJson(status, body, extraHeaders);
            return;
        }
        StageTally tally = new StageTally("output");
        List<TextSlot> slots = BodyTexts.answer(format, answer);
        for (TextSlot slot : slots) {
            GuardChain.Outcome o = slot.json() ? JsonText.run(policy.output(), slot.text(), JsonText.OUTSIDE, scan) : policy.output().run(slot.text(), scan);
            tally.add(o);
            if (o.blocked()) {
                events.decided(ctx, api, alias, tally.decision());
                sendError(GuardErrors.outputBlocked(tally.reasonCodes()), extraHeaders);
                return;
            }
            if (o.result().verdict() == Verdict.REDACT) {
                slot.replace(o.result().text());
            }
        }
        TextSlot answerText = slots.stream().filter(s -> s.kind() == TextSlot.Kind.TEXT).findFirst().orElse(null);
        if (schema != null && answerText != null && !checkSchema(answerText, tally, extraHeaders)) {
            return;
        }
        if (restore) {
            for (TextSlot slot : BodyTexts.answer(format, answer)) {
                slot.replace(slot.json() ? scan.redactions().restore(slot.text(), JsonText::escape) : scan.redactions().restore(slot.text()));
            }
        }
        if (tally.reportable()) {
            events.decided(ctx, api, alias, tally.decision());
        } else if (!policy.output().isEmpty()) {
            events.passed(api, "output", tally.micros());
        }
        delegate.sendJson(200, Buffer.buffer(Json.bytes(answer)), extraHeaders);
    }

    /** False when the answer was replaced by an error. */
    private boolean checkSchema(TextSlot slot, StageTally tally, MultiMap headers) {
        long t0 = System.nanoTime();
        StructuredOutputValidator validator;
        try {
            validator = new StructuredOutputValidator(schema);
        } catch (IllegalArgumentException e) {
            return true; // the caller's schema is unusable; the provider accepted it, so the answer passes unchecked
        }
        StructuredOutputValidator.Result r = validator.validate(slot.text(),
                policy.jsonSchema().repair() ? StructuredOutputValidator.EXTRACT_JSON : null);
        tally.add(dev.paved.guard.ScanResult.allow(slot.text()), System.nanoTime() - t0);
        if (r.valid()) {
            if (r.repaired()) {
                slot.replace(r.text());
                tally.finding("json_schema", "output.json_schema_repaired", 0.5);
            }
            return true;
        }
        tally.finding("json_schema", "output.json_schema_invalid", 1.0);
        if (policy.jsonSchema().action() != Action.BLOCK) {
            return true;
        }
        tally.verdict("block");
        events.decided(ctx, api, alias, tally.decision());
        sendError(GuardErrors.schemaInvalid(r.errors()), headers);
        return false;
    }

    private void sendError(PavedException e, MultiMap headers) {
        delegate.sendJson(e.status(), Buffer.buffer(Json.bytes(WireTranslation.errorBody(format, e))), headers);
    }

    @Override
    public void beginStream(MultiMap extraHeaders) {
        if (!policy.output().isEmpty() || restore) {
            stream = new GuardedStream(format, policy.output(), scan, restore, streamTally);
        }
        delegate.beginStream(extraHeaders);
    }

    @Override
    public void write(Buffer sseBytes) {
        if (stopped) {
            return;
        }
        if (stream == null) {
            delegate.write(sseBytes);
            return;
        }
        send(stream.rewrite(sseBytes));
    }

    /** Sends what the output stage released; when it blocked, ends the stream with the error. */
    private void send(Buffer out) {
        if (out.length() > 0) {
            delegate.write(out);
        }
        if (stream.blocked()) {
            stopped = true;
            events.decided(ctx, api, alias, streamTally.decision());
            delegate.fail(GuardErrors.outputBlocked(streamTally.reasonCodes()));
        }
    }

    @Override
    public void end() {
        if (stopped) {
            return;
        }
        if (stream != null) {
            send(stream.finish());
            if (stopped) {
                return;
            }
            if (streamTally.reportable()) {
                events.decided(ctx, api, alias, streamTally.decision());
            } else if (!policy.output().isEmpty()) {
                events.passed(api, "output", streamTally.micros());
            }
        }
        delegate.end();
    }

    @Override
    public void fail(PavedException error) {
        if (stopped) {
            return;
        }
        // Text still held back is dropped with the broken stream: it may be the unfinished start of a value.
        if (stream != null && streamTally.reportable()) {
            events.decided(ctx, api, alias, streamTally.decision());
        }
        delegate.fail(error);
    }

    @Override
    public boolean streamStarted() {
        return delegate.streamStarted();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void onClientGone(Runnable action) {
        delegate.onClientGone(action);
    }

    @Override
    public boolean writeQueueFull() {
        return delegate.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable action) {
        delegate.onDrain(action);
    }
}
