package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheHit;
import dev.paved.gateway.cache.CacheLookup;
import dev.paved.gateway.cache.ResponseCache;
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
    private final ResponseCache cache;

    /** With no traffic policy, in-process breakers and no offline fallback. */
    public ChatPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, TokenEstimator tokens, CallObserver observer) {
        this(vertx, router, http, tokens, observer, TrafficPolicy.OPEN, new HealthRegistry(ResilienceConfig.DEFAULTS, BreakerBus.LOCAL),
                OfflineFallback.NONE, null);
    }

    /**
     * @param health must be the registry the router orders targets by
     * @param cache  the response cache, or null for none
     */
    public ChatPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, TokenEstimator tokens, CallObserver observer,
                        TrafficPolicy policy, HealthRegistry health, OfflineFallback offline, ResponseCache cache) {
        this.vertx = vertx;
        this.router = router;
        this.http = http;
        this.tokens = tokens;
        this.observer = observer;
        this.policy = policy;
        this.health = health;
        this.offline = offline;
        this.cache = cache;
    }

    /**
     * Handles one chat call. Never throws: every failure reaches the caller through {@code channel}
     * in its own format and lands in the ledger.
     */
    public void handle(RequestContext ctx, WireFormat inbound, ObjectNode body, CallOptions options, ClientChannel channel) {
        handle(ctx, inbound == WireFormat.OPENAI ? "openai.chat" : "anthropic.messages", inbound, body, options, channel, null);
    }

    /**
     * Handles one chat call for an in-process caller (the RAG service).
     *
     * @param api    the API name on the ledger row and the trace, e.g. {@code rag.chat}
     * @param onDone told the call's ledger entry once it is final (after the observer saw it), or null
     */
    public void handle(RequestContext ctx, String api, WireFormat inbound, ObjectNode body, CallOptions options, ClientChannel channel,
                       java.util.function.Consumer<dev.paved.gateway.ledger.LedgerEntry> onDone) {
        CallRecorder rec = new CallRecorder(ctx, api, observer);
        if (onDone != null) {
            rec.whenDone(onDone);
        }
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
                policy.wantsInputEstimate() ? promptTokens(body, options) : 0, maxOutputTokens(body), options.trafficClass());
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
            ClientChannel answerTo = AdmittedChannel.wrap(channel, admission.headers());
            if (cache == null) {
                routeAndCall(ctx, inbound, body, options, answerTo, rec, admission.alias());
            } else {
                throughCache(ctx, inbound, body, options, answerTo, rec, admission.alias());
            }
        });
    }

    /**
     * Serves the call from the cache when it may and can; otherwise calls upstream and stores the fresh
     * answer. The lookup may embed the query, so it runs on a worker thread.
     */
    private void throughCache(RequestContext ctx, WireFormat inbound, ObjectNode body, CallOptions options, ClientChannel channel,
                              CallRecorder rec, String alias) {
        CacheLookup lookup;
        try {
            lookup = cache.prepare(ctx, inbound, alias, body, options.cache());
        } catch (RuntimeException e) {
            lookup = null;
        }
        if (lookup == null) {
            routeAndCall(ctx, inbound, body, options, channel, rec, alias);
            return;
        }
        CacheLookup l = lookup;
        if (!l.serves()) {
            routeAndCall(ctx, inbound, body, options, CachedWrites.capture(channel, l, cache, rec, vertx, inbound), rec, alias);
            return;
        }
        vertx.executeBlocking(() -> cache.find(l), false).onComplete(ar -> {
            if (ar.succeeded() && ar.result().isPresent()) {
                CacheHit hit = ar.result().get();
                rec.cacheHit(hit);
                CachedReplies.send(inbound, body, hit, channel, false);
                rec.succeeded(200);
                return;
            }
            rec.cacheMiss();
            ClientChannel missed = AdmittedChannel.wrap(channel, java.util.Map.of("x-paved-cache", "miss"));
            routeAndCall(ctx, inbound, body, options, CachedWrites.capture(missed, l, cache, rec, vertx, inbound), rec, alias);
        });
    }

    private void routeAndCall(RequestContext ctx, WireFormat inbound, ObjectNode body, CallOptions options, ClientChannel channel,
                              CallRecorder rec, String alias) {
        if (offline.forced(ctx, alias)) {
            rec.decision("offline:cache_only_switch");
            offline.serve(ctx, inbound, body, alias, channel, rec).onComplete(ar -> {
                if (!(ar.succeeded() && ar.result())) {
                    PavedException e = new PavedException(ErrorKind.UNAVAILABLE, "The model '" + alias + "' is in offline mode (answers come"
                            + " only from the cache) and the cache holds no answer close enough to this request. Retry later.", null,
                            "offline_no_cached_answer");
                    channel.fail(e);
                    rec.failed(e.status(), e.code());
                }
            });
            return;
        }
        RoutePlan plan;
        ObjectNode request = body;
        try {
            plan = router.plan(ctx, alias, AliasKind.CHAT, () -> promptTokens(body, options), maxOutputTokens(body));
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
    /** The prompt's tokens: as the in-process caller measured them, else counted. */
    private int promptTokens(ObjectNode body, CallOptions options) {
        return options.promptTokens() > 0 ? options.promptTokens() : tokens.countPrompt(body);
    }

    private static long maxOutputTokens(ObjectNode body) {
        JsonNode n = body.get("max_tokens");
        if (n == null || !n.canConvertToLong()) {
            n = body.get("max_completion_tokens");
        }
        return n != null && n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
    }
}
