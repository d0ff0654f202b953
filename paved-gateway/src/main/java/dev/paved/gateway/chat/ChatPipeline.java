package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.ResilienceConfig;
import dev.paved.gateway.resilience.BreakerBus;
import dev.paved.gateway.resilience.HealthRegistry;
import dev.paved.gateway.policy.Admission;
import dev.paved.gateway.policy.AdmissionRequest;
import dev.paved.gateway.policy.TrafficPolicy;
import dev.paved.gateway.provider.UpstreamHttp;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.gateway.route.RoutePlan;
import dev.paved.gateway.usage.TokenEstimator;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.AnthropicRequests;
import dev.paved.gateway.wire.OpenAiRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

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
    private final HealthRegistry health;
    private final OfflineFallback offline;
    private final SingleFlight singleFlight = new SingleFlight();

    /** With no traffic policy, in-process breakers and no offline fallback. */
    public ChatPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, TokenEstimator tokens, CallObserver observer) {
        this(vertx, router, http, tokens, observer, TrafficPolicy.OPEN, new HealthRegistry(ResilienceConfig.DEFAULTS, BreakerBus.LOCAL),
                OfflineFallback.NONE);
    }

    /** @param health must be the registry the router orders targets by */
    public ChatPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, TokenEstimator tokens, CallObserver observer,
                        TrafficPolicy policy, HealthRegistry health, OfflineFallback offline) {
        this.vertx = vertx;
        this.router = router;
        this.http = http;
        this.tokens = tokens;
        this.observer = observer;
        this.policy = policy;
        this.health = health;
        this.offline = offline;
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
        RoutePlan plan;
        ObjectNode request = body;
        try {
            plan = router.plan(ctx, alias, AliasKind.CHAT, () -> tokens.countPrompt(body), maxOutputTokens(body));
            rec.decisions(plan.decisions());
            rec.route(plan.candidates().get(0));
            if (plan.promptBudget() > 0) {
                request = ContextTrimmer.trim(inbound, body, plan.promptBudget(), tokens);
                if (request == null) {
                    throw new PavedException(ErrorKind.INVALID_REQUEST, "Even the system prompt and the last message exceed the context window of '"
                            + alias + "'. Shorten them or lower max_tokens.", "messages", "context_length_exceeded");
                }
            }
        } catch (PavedException e) {
            channel.fail(e);
            rec.failed(e.status(), e.code() == null ? e.kind().type() : e.code());
            return;
        }
        ClientChannel answerTo = channel;
        if (options.dedup() && !rec.streaming()) {
            answerTo = singleFlight.join(ctx.tenantId(), alias, Json.bytes(request), channel, rec);
            if (answerTo == null) {
                return;
            }
        }
        new ChatCall(vertx, http, tokens, rec, answerTo, inbound, request, options, plan, health, offline).start();
    }

    /** The caller's cap on output tokens in either protocol, or 0 when it set none. */
    private static long maxOutputTokens(ObjectNode body) {
        JsonNode n = body.get("max_tokens");
        if (n == null || !n.canConvertToLong()) {
            n = body.get("max_completion_tokens");
        }
        return n != null && n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
    }
}
