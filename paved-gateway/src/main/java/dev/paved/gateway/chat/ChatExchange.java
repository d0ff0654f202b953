package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.Usage;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.provider.ProviderEndpoints;
import dev.paved.gateway.provider.UpstreamHttp;
import dev.paved.gateway.provider.UpstreamRequest;
import dev.paved.gateway.route.Route;
import dev.paved.gateway.usage.TokenEstimator;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.Usages;
import dev.paved.gateway.wire.WireTranslation;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** One chat call's exchange with its provider, from sending the request to the last byte to the caller. */
final class ChatExchange {
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
    private UpstreamHttp.Call call;
    private long deadlineTimer = -1;

    ChatExchange(Vertx vertx, UpstreamHttp http, TokenEstimator tokens, CallRecorder rec, ClientChannel channel,
                 WireFormat inbound, WireFormat outbound, Route route, ObjectNode request) {
        this.vertx = vertx;
        this.http = http;
        this.tokens = tokens;
        this.rec = rec;
        this.channel = channel;
        this.inbound = inbound;
        this.outbound = outbound;
        this.route = route;
        this.request = request;
        this.stream = request.path("stream").asBoolean(false);
    }

    void start(Buffer body, String anthropicBeta) {
        UpstreamRequest req = ProviderEndpoints.chat(route.provider(), body, rec.traceparent(), anthropicBeta);
        call = http.post(req);
        channel.onClientGone(this::clientGone);
        deadlineTimer = vertx.setTimer(req.timeout().toMillis(), id -> deadline());
        call.response().onComplete(ar -> {
            if (ar.failed()) {
                upstreamFailed(ar.cause());
            } else if (stream && ar.result().statusCode() < 300 && isEventStream(ar.result())) {
                relayStream(ar.result());
            } else {
                readWhole(ar.result());
            }
        });
    }

    private static boolean isEventStream(HttpClientResponse r) {
        String ct = r.getHeader("content-type");
        return ct != null && ct.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    private void readWhole(HttpClientResponse resp) {
        resp.exceptionHandler(this::upstreamFailed);
        resp.body().onComplete(ar -> {
            if (ar.failed()) {
                upstreamFailed(ar.cause());
                return;
            }
            if (rec.finished()) {
                return;
            }
            Buffer buf = ar.result();
            int status = resp.statusCode();
            if (status >= 300) {
                PavedException e = UpstreamFailures.fromStatus(status, buf.getBytes(), resp.getHeader("retry-after"));
                fail(e, e.code(), retryAfter(resp));
                return;
            }
            JsonNode parsed = Json.parseOrNull(buf.getBytes());
            if (!(parsed instanceof ObjectNode obj)) {
                fail(UpstreamFailures.malformed(route), "upstream_malformed", null);
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
                out = inbound == outbound ? buf : Buffer.buffer(Json.bytes(WireTranslation.response(outbound, inbound, obj, rec.aliasName())));
            } catch (RuntimeException e) {
                fail(UpstreamFailures.malformed(route), "upstream_malformed", null);
                return;
            }
            if (stream) {
                fail(new PavedException(ErrorKind.UPSTREAM, "The provider '" + route.provider().name()
                        + "' answered a streaming request without streaming. Retry without \"stream\": true.", null,
                        "upstream_not_streaming"), "upstream_not_streaming", null);
                return;
            }
            channel.sendJson(200, out, null);
            cancelDeadline();
            rec.succeeded(200);
        });
    }

    private void relayStream(HttpClientResponse resp) {
        StreamRelay relay = StreamRelays.create(inbound, outbound, rec.aliasName(), wantsUsage());
        channel.beginStream(null);
        resp.handler(chunk -> {
            if (rec.finished()) {
                return;
            }
            Buffer out = relay.onChunk(chunk);
            if (relay.sawToken()) {
                rec.firstToken();
            }
            if (out != null) {
                channel.write(out);
                if (channel.writeQueueFull()) {
                    resp.pause();
                    channel.onDrain(resp::resume);
                }
            }
        });
        resp.exceptionHandler(err -> {
            if (rec.finished()) {
                return;
            }
            noteStreamUsage(relay);
            if (!channel.isOpen()) {
                clientGone();
                return;
            }
            fail(new PavedException(ErrorKind.UPSTREAM,
                    "The provider's stream broke off before the answer was complete (" + describe(err) + "). Retry the request.",
                    null, "upstream_stream_interrupted"), "upstream_stream_interrupted", null);
        });
        resp.endHandler(v -> {
            if (rec.finished()) {
                return;
            }
            Buffer tail = relay.onEnd();
            if (tail != null) {
                channel.write(tail);
            }
            noteStreamUsage(relay);
            cancelDeadline();
            if (relay.complete()) {
                channel.end();
                rec.succeeded(200);
            } else {
                PavedException e = new PavedException(ErrorKind.UPSTREAM,
                        "The provider ended the stream without finishing the answer. Retry the request.", null, "upstream_stream_incomplete");
                channel.fail(e);
                rec.failed(502, "upstream_stream_incomplete");
            }
        });
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
        if (rec.finished()) {
            return;
        }
        if (!channel.isOpen()) {
            clientGone();
            return;
        }
        PavedException e;
        if (t instanceof TimeoutException || (t.getMessage() != null && t.getMessage().contains("timeout"))) {
            e = new PavedException(ErrorKind.TIMEOUT, "The provider '" + route.provider().name()
                    + "' did not answer in time. Retry later, or ask your platform team to raise its timeout.", null, "upstream_timeout");
        } else if (t instanceof ConnectException) {
            e = new PavedException(ErrorKind.UPSTREAM, "Could not connect to the provider '" + route.provider().name()
                    + "'. It may be down; retry later.", null, "upstream_unreachable");
        } else {
            e = new PavedException(ErrorKind.UPSTREAM, "The call to the provider '" + route.provider().name() + "' failed ("
                    + describe(t) + "). Retry later.", null, "upstream_error");
        }
        fail(e, e.code(), null);
    }

    private void deadline() {
        deadlineTimer = -1;
        if (rec.finished()) {
            return;
        }
        // Answer first: cancelling resets the upstream request, whose failure must find the call already finished.
        fail(new PavedException(ErrorKind.TIMEOUT, "The provider '" + route.provider().name() + "' took longer than "
                + route.provider().timeout().toSeconds() + "s. Retry, or ask for a shorter answer.", null, "upstream_timeout"), "upstream_timeout", null);
        call.cancel();
    }

    private void clientGone() {
        if (rec.finished()) {
            return;
        }
        cancelDeadline();
        call.cancel();
        rec.failed(499, "client_disconnected");
    }

    private void fail(PavedException e, String code, String retryAfter) {
        cancelDeadline();
        if (retryAfter != null && !channel.streamStarted()) {
            MultiMap h = MultiMap.caseInsensitiveMultiMap().add("retry-after", retryAfter);
            channel.sendJson(e.status(), Buffer.buffer(Json.bytes(WireTranslation.errorBody(inbound, e))), h);
        } else {
            channel.fail(e);
        }
        rec.failed(channel.streamStarted() ? 502 : e.status(), code == null ? e.kind().type() : code);
    }

    private void cancelDeadline() {
        if (deadlineTimer >= 0) {
            vertx.cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
    }

    private static String retryAfter(HttpClientResponse resp) {
        return resp.getHeader("retry-after");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
