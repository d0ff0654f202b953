package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.policy.Admission;
import dev.paved.gateway.policy.AdmissionRequest;
import dev.paved.gateway.policy.TrafficPolicy;
import dev.paved.gateway.provider.ProviderEndpoints;
import dev.paved.gateway.provider.UpstreamHttp;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.gateway.route.Route;
import dev.paved.gateway.usage.TokenEstimator;
import dev.paved.gateway.wire.AnthropicRequests;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.OpenAiRequests;
import dev.paved.gateway.wire.WireTranslation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The gateway's chat path for both inbound protocols: validate, route the alias, translate the
 * request when the provider speaks the other protocol, call the provider, and stream or send the
 * answer back in the caller's protocol. Every call ends in exactly one ledger entry.
 */
public final class ChatPipeline {
    private final Vertx vertx;
    private final AliasRouter router;
    private final UpstreamHttp http;
    private final TokenEstimator tokens;
    private final CallObserver observer;
    private final TrafficPolicy policy;

    public ChatPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, TokenEstimator tokens, CallObserver observer) {
        this(vertx, router, http, tokens, observer, TrafficPolicy.OPEN);
    }

    public ChatPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, TokenEstimator tokens, CallObserver observer,
                        TrafficPolicy policy) {
        this.vertx = vertx;
        this.router = router;
        this.http = http;
        this.tokens = tokens;
        this.observer = observer;
        this.policy = policy;
    }

    /**
     * Handles one chat call. Never throws: every failure reaches the caller through {@code channel}
     * in its own format and lands in the ledger.
     */
    public void handle(RequestContext ctx, WireFormat inbound, ObjectNode body, CallOptions options, ClientChannel channel) {
        String api = inbound == WireFormat.OPENAI ? "openai.chat" : "anthropic.messages";
        CallRecorder rec = new CallRecorder(ctx, api, observer);
        rec.stream(body.path("stream").asBoolean(false));
        rec.alias(body.path("model").asText(null));
        try {
            if (inbound == WireFormat.OPENAI) {
                OpenAiRequests.validateChat(body);
            } else {
                AnthropicRequests.validateMessages(body);
            }
        } catch (PavedException e) {
            channel.fail(e);
            rec.failed(e.status(), e.code() == null ? e.kind().type() : e.code());
            return;
        }
        AdmissionRequest request = new AdmissionRequest(ctx, body.get("model").asText(), AliasKind.CHAT, rec.streaming(),
                policy.wantsInputEstimate() ? tokens.countPrompt(body) : 0, maxOutputTokens(body), options.trafficClass());
        Future<Admission> admitted;
        try {
            admitted = policy.admit(request);
        } catch (RuntimeException e) {
            admitted = Future.failedFuture(e);
        }
        admitted.onComplete(ar -> {
            if (ar.failed()) {
                PavedException e = ar.cause() instanceof PavedException p ? p
                        : new PavedException(ErrorKind.INTERNAL, "The gateway's traffic policy failed. Retry; if it persists, tell your platform team.");
                channel.fail(e);
                rec.failed(e.status(), e.code() == null ? e.kind().type() : e.code());
                return;
            }
            Admission admission = ar.result();
            rec.whenDone(admission::release);
            rec.decisions(admission.decisions());
            routeAndCall(ctx, inbound, body, options, AdmittedChannel.wrap(channel, admission.headers()), rec, admission.alias());
        });
    }

    private void routeAndCall(RequestContext ctx, WireFormat inbound, ObjectNode body, CallOptions options, ClientChannel channel,
                              CallRecorder rec, String alias) {
        Route route;
        ObjectNode upstreamBody;
        WireFormat outbound;
        try {
            route = router.route(ctx, alias, AliasKind.CHAT);
            rec.route(route);
            outbound = ProviderEndpoints.chatFormat(route.provider());
            upstreamBody = WireTranslation.request(inbound, outbound, body, route.target().model());
            if (inbound == outbound && outbound == WireFormat.OPENAI && rec.streaming()) {
                askForUsage(upstreamBody);
            }
        } catch (PavedException e) {
            channel.fail(e);
            rec.failed(e.status(), e.code() == null ? e.kind().type() : e.code());
            return;
        }
        ChatExchange exchange = new ChatExchange(vertx, http, tokens, rec, channel, inbound, outbound, route, body);
        exchange.start(Buffer.buffer(Json.bytes(upstreamBody)), options.anthropicBeta());
    }

    /** The caller's cap on output tokens in either protocol, or 0 when it set none. */
    private static long maxOutputTokens(ObjectNode body) {
        JsonNode n = body.get("max_tokens");
        if (n == null || !n.canConvertToLong()) {
            n = body.get("max_completion_tokens");
        }
        return n != null && n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
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
}
