package dev.paved.server.rag;

import dev.paved.core.RequestContext;
import dev.paved.gateway.cache.ResponseCache;
import dev.paved.gateway.chat.CallObserver;
import dev.paved.gateway.chat.ChatPipeline;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.rag.RagFeature;
import dev.paved.rag.Tokens;
import dev.paved.rag.context.ContextAssembler;
import dev.paved.server.config.RagConfig;
import dev.paved.server.guard.RagGuard;
import dev.paved.server.knowledge.KnowledgeService;
import dev.paved.server.telemetry.Tracing;
import io.vertx.core.Vertx;
import java.util.function.Predicate;

/**
 * The RAG service behind {@code POST /v1/chat}: runs the ten-step lifecycle ({@link RagRun}) for each request with
 * the caller's feature settings, retrieval through the knowledge service, generation through the gateway's chat
 * pipeline in-process (so routing, limits, budgets, switches and the ledger apply), and the guardrails, cache,
 * session and sample stores.
 */
public final class RagService {
    /** The parts a run uses. */
    record Parts(Vertx vertx, RagConfig config, GatewayConfig gateway, KnowledgeService knowledge, ChatPipeline chat, RagCache cache,
                 SwitchCheck switches, Predicate<String> cacheOnly, RagGuard guard, SessionStore sessions, EvalSampleStore samples,
                 Tracing tracing, CallObserver observer, Tokens tokens, ContextAssembler assembler) {
    }

    /** The kill switches a RAG request honours before serving anything, the cache included. */
    @FunctionalInterface
    public interface SwitchCheck {
        /** @throws dev.paved.core.PavedException when a switch refuses the call */
        void check(String tenantId, String featureId, String alias);
    }

    private final Parts parts;

    public RagService(Vertx vertx, RagConfig config, GatewayConfig gateway, KnowledgeService knowledge, ChatPipeline chat, ResponseCache cache,
                      SwitchCheck switches, Predicate<String> cacheOnly, RagGuard guard, SessionStore sessions, EvalSampleStore samples,
                      Tracing tracing, CallObserver observer) {
        Tokens tokens = Tokens.bpe();
        this.parts = new Parts(vertx, config, gateway, knowledge, chat, new RagCache(cache), switches, cacheOnly, guard, sessions, samples,
                tracing, observer, tokens, new ContextAssembler(tokens));
    }

    /** The settings a request of this feature runs with. */
    public RagFeature feature(String featureId) {
        return parts.config().feature(featureId);
    }

    /** Runs one request; everything, errors included, reaches the caller through {@code sink}. Call on the event loop. */
    public void chat(RequestContext ctx, RagRequest request, RagSink sink) {
        RagFeature feature = feature(ctx.featureId());
        AliasConfig alias = parts.gateway().aliases().get(feature.alias());
        int window = feature.windowOr(alias == null ? 0 : alias.primary().contextWindow());
        new RagRun(parts, ctx, request, feature, window, sink).start();
    }

    public EvalSampleStore samples() {
        return parts.samples();
    }
}
