package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.Usage;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.config.TargetTimeouts;
import dev.paved.gateway.provider.ProviderEndpoints;
import dev.paved.gateway.provider.UpstreamHttp;
import dev.paved.gateway.provider.UpstreamRequest;
import dev.paved.gateway.route.Route;
import dev.paved.gateway.usage.TokenEstimator;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.PromptCacheBreakpoints;
import dev.paved.gateway.wire.Usages;
import dev.paved.gateway.wire.WireTranslation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One call to one target, from sending the request to the last byte to the caller. Until the caller
 * has received a byte of the answer, every failure goes back to the {@link AttemptListener}, which may
 * retry or fall back; a stream's head and its first events are held back until the first answer token,
 * so a target that hangs or fails before answering can still be replaced. Once the caller has bytes,
 * a failure ends the caller's stream with an error event and is final.
 */
final class UpstreamAttempt {
    private final Vertx vertx;
    private final UpstreamHttp http;
    private final TokenEstimator tokens;
    private final CallRecorder rec;
    private final ClientChannel channel;
    private final WireFormat inbound;
    private final WireFormat outbound;
    private final Route route;
    private final ObjectNode request;
    private final boolean stream;
    private final AttemptListener listener;
    private final long startNanos = System.nanoTime();
    private UpstreamHttp.Call call;
    private long deadlineTimer = -1;
    private long firstTokenTimer = -1;
    private long firstTokenNanos = -1;
    private boolean ended;
    private List<Buffer> heldBack;

    UpstreamAttempt(Vertx vertx, UpstreamHttp http, TokenEstimator tokens, CallRecorder rec, ClientChannel channel,
                    WireFormat inbound, Route route, ObjectNode request, AttemptListener listener) {
        this.vertx = vertx;
        this.http = http;
        this.tokens = tokens;
        this.rec = rec;
        this.channel = channel;
        this.inbound = inbound;
        this.outbound = ProviderEndpoints.chatFormat(route.provider());
        this.route = route;
        this.request = request;
        this.stream = request.path("stream").asBoolean(false);
        this.listener = listener;
    }

    Route route() {
        return route;
    }

    long startNanos() {
        return startNanos;
    }

    void start(String anthropicBeta) {
        ObjectNode upstreamBody;
        try {
            upstreamBody = WireTranslation.request(inbound, outbound, request, route.target().model());
        } catch (PavedException e) {
            finishFailed(new AttemptFailure(e, e.code(), false, false, false, -1, null, false));
            return;
        }
        if (inbound == outbound && outbound == WireFormat.OPENAI && stream) {
            askForUsage(upstreamBody);
        }
        if (inbound == WireFormat.OPENAI && outbound == WireFormat.ANTHROPIC && route.alias().promptCaching()
                && PromptCacheBreakpoints.apply(upstreamBody) > 0) {
            rec.decision("prompt_cache_breakpoints:" + route.target().qualifiedName());
        }
        TargetTimeouts t = route.target().timeouts();
        Duration total = t.totalOr(route.provider().timeout());
        UpstreamRequest req = ProviderEndpoints.chat(route.provider(), Buffer.buffer(Json.bytes(upstreamBody)), rec.traceparent(), anthropicBeta);
        call = http.post(req, t.connect(), t.idle() != null ? t.idle() : total);
        deadlineTimer = vertx.setTimer(total.toMillis(), id -> {
            deadlineTimer = -1;
            timedOut("took longer than " + total.toSeconds() + "s");
        });
        if (t.firstToken() != null) {
            firstTokenTimer = vertx.setTimer(t.firstToken().toMillis(), id -> {
                firstTokenTimer = -1;
                timedOut("sent no answer within " + t.firstToken().toMillis() + " ms");
            });
        }
        call.response().onComplete(ar -> {
            if (ended) {
                return;
            }
            if (ar.failed()) {
                upstreamFailed(ar.cause());
            } else if (stream && ar.result().statusCode() < 300 && isEventStream(ar.result())) {
                relayStream(ar.result());
            } else {
                if (!stream) {
                    cancelFirstTokenTimer();
                }
                readWhole(ar.result());
            }
        });
    }

    /** The caller went away: stop the upstream call quietly. */
    void cancel() {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        if (call != null) {
            call.cancel();
        }
    }

    /** The ledger needs the provider's usage, so OpenAI streams always ask for it (the relay hides it again if the caller did not). */
    private static void askForUsage(ObjectNode upstreamBody) {
        ObjectNode options = Json.object();
        JsonNode existing = upstreamBody.get("stream_options");
        if (existing instanceof ObjectNode o) {
            options.setAll(o);
        }
        options.put("include_usage", true);
        upstreamBody.set("stream_options", options);
    }

    private static boolean isEventStream(HttpClientResponse r) {
        String ct = r.getHeader("content-type");
        return ct != null && ct.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    private void readWhole(HttpClientResponse resp) {
        resp.exceptionHandler(this::upstreamFailed);
        resp.body().onComplete(ar -> {
            if (ended) {
                return;
            }
            if (ar.failed()) {
                upstreamFailed(ar.cause());
                return;
            }
            Buffer buf = ar.result();
            int status = resp.statusCode();
            if (status >= 300) {
                finishFailed(FailureClassifier.fromStatus(status, buf.getBytes(), resp.getHeader("retry-after")));
                return;
            }
            JsonNode parsed = Json.parseOrNull(buf.getBytes());
            if (!(parsed instanceof ObjectNode obj)) {
                finishFailed(AttemptFailure.transientFailure(UpstreamFailures.malformed(route)));
                return;
            }
            if (stream) {
                finishFailed(new AttemptFailure(new PavedException(ErrorKind.UPSTREAM, "The provider '" + route.provider().name()
                        + "' answered a streaming request without streaming. Retry without \"stream\": true.", null,
                        "upstream_not_streaming"), "upstream_not_streaming", false, true, false, -1, null, false));
                return;
            }
            if (isRefusal(obj)) {
                finishFailed(FailureClassifier.refusal(route));
                return;
            }
            Usage usage = outbound == WireFormat.OPENAI ? Usages.fromOpenAi(obj.get("usage")) : Usages.fromAnthropic(obj.get("usage"));
            if (usage == null) {
                usage = Usage.of(tokens.countPrompt(request), tokens.countText(outbound == WireFormat.OPENAI ? obj.path("choices") : obj.path("content")));
                rec.usage(usage, "estimated");
            } else {
                rec.usage(usage, "provider");
            }
            Buffer out;
            try {
                out = inbound == outbound ? buf : Buffer.buffer(Json.bytes(WireTranslation.response(outbound, inbound, obj, obj.path("model").asText(route.target().model()))));
            } catch (RuntimeException e) {
                finishFailed(AttemptFailure.transientFailure(UpstreamFailures.malformed(route)));
                return;
            }
            ended = true;
            cancelTimers();
            channel.sendJson(200, out, null);
            listener.succeeded(this, (System.nanoTime() - startNanos) / 1_000_000);
        });
    }

    /** A provider's content-policy refusal (OpenAI/Azure {@code content_filter}, Anthropic {@code refusal}): another target may answer. */
    private boolean isRefusal(ObjectNode obj) {
        if (outbound == WireFormat.OPENAI) {
            return "content_filter".equals(obj.path("choices").path(0).path("finish_reason").asText(null));
        }
        return "refusal".equals(obj.path("stop_reason").asText(null));
    }

    private void relayStream(HttpClientResponse resp) {
        StreamRelay relay = StreamRelays.create(inbound, outbound, route.target().model(), wantsUsage());
        heldBack = new ArrayList<>(2);
        resp.handler(chunk -> {
            if (ended) {
                return;
            }
            Buffer out = relay.onChunk(chunk);
            if (relay.sawToken() && firstTokenNanos < 0) {
                firstTokenNanos = System.nanoTime();
                cancelFirstTokenTimer();
                rec.firstToken();
            }
            if (out != null) {
                send(out, firstTokenNanos >= 0);
                if (channel.writeQueueFull()) {
                    resp.pause();
                    channel.onDrain(resp::resume);
                }
            }
        });
        resp.exceptionHandler(err -> {
            if (ended) {
                return;
            }
            noteStreamUsage(relay);
            PavedException e = new PavedException(ErrorKind.UPSTREAM,
                    "The provider's stream broke off before the answer was complete (" + FailureClassifier.describe(err) + "). Retry the request.",
                    null, "upstream_stream_interrupted");
            streamFailed(e, true);
        });
        resp.endHandler(v -> {
            if (ended) {
                return;
            }
            Buffer tail = relay.onEnd();
            noteStreamUsage(relay);
            if (relay.complete()) {
                if (tail != null) {
                    send(tail, true);
                } else {
                    flushHeldBack();
                }
                ended = true;
                cancelTimers();
                channel.end();
                long observed = ((firstTokenNanos >= 0 ? firstTokenNanos : System.nanoTime()) - startNanos) / 1_000_000;
                listener.succeeded(this, observed);
            } else {
                streamFailed(new PavedException(ErrorKind.UPSTREAM,
                        "The provider ended the stream without finishing the answer. Retry the request.", null, "upstream_stream_incomplete"), true);
            }
        });
    }

    /** Sends bytes to the caller, or holds them until the first token so the attempt can still be replaced. */
    private void send(Buffer out, boolean release) {
        if (!release && !channel.streamStarted()) {
            heldBack.add(out);
            return;
        }
        flushHeldBack();
        channel.write(out);
    }

    private void flushHeldBack() {
        if (!channel.streamStarted()) {
            channel.beginStream(null);
        }
        if (heldBack != null && !heldBack.isEmpty()) {
            for (Buffer b : heldBack) {
                channel.write(b);
            }
            heldBack.clear();
        }
    }

    /** A stream failed: final when the caller already has bytes, otherwise the listener may still replace this attempt. */
    private void streamFailed(PavedException e, boolean unhealthy) {
        if (channel.streamStarted()) {
            ended = true;
            cancelTimers();
            channel.fail(e);
            listener.failed(this, AttemptFailure.afterStreamStarted(e, unhealthy));
        } else {
            finishFailed(AttemptFailure.transientFailure(e));
        }
    }

    private boolean wantsUsage() {
        return inbound == WireFormat.OPENAI && request.path("stream_options").path("include_usage").asBoolean(false);
    }

    private void noteStreamUsage(StreamRelay relay) {
        Usage u = relay.usage();
        if (u != null) {
            rec.usage(u, "provider");
        } else {
            rec.usage(Usage.of(tokens.countPrompt(request), relay.contentEvents()), "estimated");
        }
    }

    private void upstreamFailed(Throwable t) {
        if (ended) {
            return;
        }
        if (channel.streamStarted()) {
            streamFailed(FailureClassifier.fromThrowable(t, route).error(), true);
            return;
        }
        finishFailed(FailureClassifier.fromThrowable(t, route));
    }

    private void timedOut(String what) {
        if (ended) {
            return;
        }
        PavedException e = new PavedException(ErrorKind.TIMEOUT, "The provider '" + route.provider().name() + "' " + what
                + ". Retry, or ask for a shorter answer.", null, "upstream_timeout");
        // Decide first: cancelling resets the upstream request, whose failure must find the attempt already ended.
        if (channel.streamStarted()) {
            streamFailed(e, true);
        } else {
            finishFailed(AttemptFailure.transientFailure(e));
        }
        call.cancel();
    }

    private void finishFailed(AttemptFailure f) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        listener.failed(this, f);
    }

    private void cancelFirstTokenTimer() {
        if (firstTokenTimer >= 0) {
            vertx.cancelTimer(firstTokenTimer);
            firstTokenTimer = -1;
        }
    }

    private void cancelTimers() {
        cancelFirstTokenTimer();
        if (deadlineTimer >= 0) {
            vertx.cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
    }
}
