package dev.paved.server.rag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheHit;
import dev.paved.gateway.cache.CacheLookup;
import dev.paved.gateway.cache.CacheRequest;
import dev.paved.gateway.chat.CallOptions;
import dev.paved.gateway.chat.CallRecorder;
import dev.paved.gateway.ledger.LedgerEntry;
import dev.paved.gateway.policy.TrafficClass;
import dev.paved.gateway.wire.Json;
import dev.paved.knowledge.embed.QueryVectors;
import dev.paved.knowledge.search.SearchHit;
import dev.paved.knowledge.search.SearchMode;
import dev.paved.knowledge.search.SearchRequest;
import dev.paved.rag.EvalSampler;
import dev.paved.rag.OutputMode;
import dev.paved.rag.Passage;
import dev.paved.rag.RagFeature;
import dev.paved.rag.RagStep;
import dev.paved.rag.StepLog;
import dev.paved.rag.answer.Citations;
import dev.paved.rag.context.AssembledContext;
import dev.paved.rag.context.ContextTooLarge;
import dev.paved.rag.rewrite.QueryRewriter;
import dev.paved.rag.rewrite.RankMerge;
import dev.paved.rag.rewrite.RetrievalConfidence;
import dev.paved.rag.session.SessionMemory;
import dev.paved.server.guard.RagGuard;
import dev.paved.server.knowledge.KnowledgeBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One RAG request through the ten steps. Blocking steps (guard scanners, database, Lucene, embeddings) run on a
 * worker thread in one hop; generation streams through the gateway on the event loop; logging (step 10) runs on
 * a worker after the answer was sent, so it never holds the stream. Every step ends up in the {@link StepLog}:
 * run, skipped (and why), or failed.
 */
final class RagRun implements GatewayStream.Listener {
    static final String EXTRACTIVE_NOTICE = "Extractive answer: quoted from the retrieved sources; no language model wrote it.";

    private final RagService.Parts parts;
    private final RequestContext ctx;
    private final RagRequest req;
    private final RagFeature feature;
    private final int window;
    private final RagSink sink;
    private final StepLog log = new StepLog();
    private final long createdNanos = System.nanoTime();
    private final StringBuilder answer = new StringBuilder();
    private StepLog.Open current;
    private String query;
    private SessionMemory.State history = new SessionMemory.State("", List.of());
    private CacheLookup lookup;
    private CacheHit hit;
    /** Query vectors of this request: the cache lookup's, reused by retrieval, and one per model and query searched. */
    private final QueryVectors vectors = new QueryVectors();
    /** The knowledge bases of this request as read from the database, by name (read on the worker thread only). */
    private final java.util.Map<String, KnowledgeBase> knowledgeBases = new java.util.HashMap<>();
    private AssembledContext context;
    private RagGuard.OutputCheck output;
    private GatewayStream stream;
    private StepLog.Open generation;
    private volatile LedgerEntry entry;
    private boolean outputStopped;
    private boolean disconnected;
    private boolean logged;
    private int status = 200;
    private String resultAnswer = "";
    private ArrayNode resultCitations = Json.array();
    private boolean cacheHit;
    private boolean degraded;

    RagRun(RagService.Parts parts, RequestContext ctx, RagRequest req, RagFeature feature, int window, RagSink sink) {
        this.parts = parts;
        this.ctx = ctx;
        this.req = req;
        this.feature = feature;
        this.window = window;
        this.sink = sink;
        this.query = req.query();
    }

    // ---- steps 1-6 ----

    void start() {
        log.start(RagStep.AUTH).attribute("tenant", ctx.tenantId()).attribute("key", ctx.keyId())
                .attribute("principal", ctx.principalId() == null ? "" : ctx.principalId()).attribute("feature", feature.name())
                .attribute("acl_groups", req.groups().size()).end("ran");
        if (!ctx.mayUse(feature.alias())) {
            failEarly(new PavedException(ErrorKind.PERMISSION, "This API key may not use the model '" + feature.alias() + "' that the feature '"
                    + feature.name() + "' answers with. Ask your platform team to allow it on the key.", null, "model_not_allowed"));
            return;
        }
        sink.onClientGone(this::clientGone);
        parts.vertx().executeBlocking(() -> {
            prepare();
            return null;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                PavedException e = toPaved(ar.cause());
                if (current != null) {
                    current.end("failed:" + code(e));
                }
                failEarly(e);
            } else if (disconnected) {
                logAsync();
            } else if (hit != null) {
                serveCached();
            } else {
                generate();
            }
        });
    }

    /** Steps 2 to 6 on a worker thread; throws to fail the request. */
    private void prepare() {
        current = log.start(RagStep.INPUT_GUARD);
        RagGuard.Input in = parts.guard().input(ctx, feature.alias(), query);
        query = in.query();
        current.end(in.decision());

        current = log.start(RagStep.CACHE_LOOKUP);
        parts.switches().check(ctx.tenantId(), ctx.featureId(), feature.alias());
        if (req.sessionId() != null) {
            history = parts.sessions().load(ctx.tenantId(), req.sessionOwner(), req.sessionId());
        }
        boolean followUp = QueryRewriter.conversational(query, history.turns());
        lookupCache(followUp);
        if (hit != null) {
            return;
        }

        List<String> queries = List.of(query);
        boolean rewritten = false;
        if (followUp && feature.rewrite().conversational()) {
            current = log.start(RagStep.REWRITE).attribute("trigger", "conversational");
            QueryRewriter.Rewrite r = ModelRewrite.run(parts, ctx, feature, history, query, current);
            if (r == null) {
                r = QueryRewriter.standalone(query, history.turns());
            }
            queries = r.queries();
            rewritten = true;
            current.attribute("queries", queries.size()).end("ran:" + r.how());
        } else if (!feature.rewrite().lowConfidence()) {
            log.skip(RagStep.REWRITE, !feature.rewrite().conversational() ? "disabled" : history.isEmpty() ? "no_history" : "not_conversational");
        }

        current = log.start(RagStep.RETRIEVE);
        List<Passage> passages = retrieve(queries);
        double confidence = RetrievalConfidence.of(query, passages);
        current.attribute("passages", passages.size()).attribute("confidence", String.format(java.util.Locale.ROOT, "%.2f", confidence))
                .attribute("kbs", req.kbs().size()).end("ran");

        if (!rewritten && feature.rewrite().lowConfidence()) {
            if (confidence >= feature.rewrite().threshold()) {
                log.skip(RagStep.REWRITE, "confident");
            } else {
                current = log.start(RagStep.REWRITE).attribute("trigger", "low_confidence").attribute("confidence", confidence);
                QueryRewriter.Rewrite r = ModelRewrite.run(parts, ctx, feature, history, query, current);
                if (r == null) {
                    r = QueryRewriter.decompose(query, feature.rewrite().maxSubqueries());
                }
                if (r.changed(query)) {
                    List<List<Passage>> lists = new ArrayList<>();
                    lists.add(passages);
                    for (String sub : r.queries()) {
                        lists.add(retrieveOne(sub));
                    }
                    passages = RankMerge.merge(lists, topK());
                    current.attribute("queries", r.queries().size()).end("ran:" + r.how());
                } else {
                    current.end("skipped:no_better_query");
                }
            }
        }

        current = log.start(RagStep.ASSEMBLE);
        RagGuard.Screened screened = parts.guard().retrieved(ctx, feature.alias(), passages);
        String historyText = history.isEmpty() ? null : SessionMemory.render(history, feature.historyTurns());
        try {
            context = parts.assembler().assemble(feature.systemPrompt(), query, historyText, screened.passages(), window, feature.answerTokens());
        } catch (ContextTooLarge e) {
            throw new PavedException(ErrorKind.INVALID_REQUEST, "The question" + (historyText == null ? "" : " and the conversation so far")
                    + " need " + e.needed() + " tokens, more than the " + e.budget() + " the model '" + feature.alias()
                    + "' leaves for the prompt. Ask a shorter question or start a new session.", "query", "context_length_exceeded");
        }
        current.attribute("sources", context.sources().size()).attribute("prompt_tokens", context.promptTokens())
                .attribute("budget_tokens", context.budgetTokens()).attribute("duplicates", context.duplicates())
                .attribute("over_budget", context.overBudget()).attribute("retrieved_guard", screened.decision()).end("ran");
    }

    private void lookupCache(boolean followUp) {
        String skip = !parts.cache().enabled() ? "cache_off" : !feature.cache() ? "feature_off" : req.noCache() ? "no_cache_requested"
                : followUp ? "conversational" : null;
        if (skip == null) {
            // The knowledge bases' versions are part of the scope: a re-ingest never serves yesterday's answer.
            StringBuilder versions = new StringBuilder();
            for (String kb : req.kbs()) {
                versions.append(versions.isEmpty() ? "" : ",").append(kb).append('@').append(knowledgeBase(kb).version());
            }
            lookup = parts.cache().prepare(ctx, feature, req, versions.toString(), query);
            skip = lookup == null ? "not_cacheable" : null;
        }
        if (skip != null) {
            current.end("skipped:" + skip);
            return;
        }
        hit = parts.cache().find(lookup).orElse(null);
        if (lookup.embedNanos() > 0) {
            // The question's one embedding: retrieval searches with the same vector on a miss (ADR 0013).
            current.attribute("embed_ms", String.format(java.util.Locale.ROOT, "%.3f", lookup.embedNanos() / 1e6));
        }
        if (hit != null) {
            current.attribute("similarity", hit.similarity()).end("hit:" + hit.kind());
        } else {
            // Retrieval in knowledge bases of the cache's model searches with this vector; the write-back stores it.
            RagCache.queryVector(lookup, vectors);
            current.end("miss");
        }
    }

    /**
     * A knowledge base of this request, read once: the cache scope's version (step 3) and the search (step 5) see the
     * same one.
     */
    private KnowledgeBase knowledgeBase(String name) {
        return knowledgeBases.computeIfAbsent(name, n -> parts.knowledge().get(ctx.tenantId(), n));
    }

    private int topK() {
        return req.topK() > 0 ? req.topK() : feature.topK();
    }

    private List<Passage> retrieve(List<String> queries) {
        List<List<Passage>> lists = new ArrayList<>();
        for (String q : queries) {
            lists.add(retrieveOne(q));
        }
        return RankMerge.merge(lists, topK());
    }

    /** One query over every knowledge base, with the caller's groups and filter; merged by score. */
    private List<Passage> retrieveOne(String q) {
        List<Passage> out = new ArrayList<>();
        SearchRequest search = new SearchRequest(q, SearchMode.HYBRID, topK(), req.filter(), 1, 1, SearchRequest.DEFAULT_RRF_K,
                Math.max(50, topK()), null, false);
        for (String kb : req.kbs()) {
            for (SearchHit h : parts.knowledge().search(knowledgeBase(kb), req.groups(), search, vectors).result().hits()) {
                out.add(new Passage(h.chunkId(), h.documentId(), kb, h.title(), h.source(), h.context() != null ? h.context() : h.text(), h.score()));
            }
        }
        if (req.kbs().size() > 1) {
            out.sort(Comparator.comparingDouble(Passage::score).reversed());
        }
        return out.size() <= topK() ? out : new ArrayList<>(out.subList(0, topK()));
    }

    // ---- steps 7-9 ----

    private void generate() {
        output = parts.guard().output(ctx, feature.alias());
        generation = log.start(RagStep.GENERATE).attribute("alias", feature.alias()).attribute("prompt_tokens", context.promptTokens());
        ObjectNode body = Json.object();
        body.put("model", feature.alias());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("max_tokens", feature.answerTokens());
        body.put("temperature", feature.temperature());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", context.system());
        messages.addObject().put("role", "user").put("content", context.user());
        stream = new GatewayStream(this);
        // The RAG answer is cached by steps 3 and 9; the prompt itself is not worth a second cache entry.
        // The assembler measured the prompt with the gateway's encoding: limits and the window check need not count it again.
        CallOptions options = new CallOptions(null, TrafficClass.INTERACTIVE, false, new CacheRequest(true, true, false, null, null),
                context.promptTokens());
        parts.chat().handle(ctx, RagGuard.API, WireFormat.OPENAI, body, options, stream, e -> entry = e);
    }

    @Override
    public void delta(String text) {
        if (outputStopped || disconnected) {
            return;
        }
        answer.append(text);
        if (feature.outputMode() == OutputMode.BUFFERED) {
            return;
        }
        if (output != null) {
            try {
                text = output.stream(text);
            } catch (PavedException e) {
                outputStopped = true;
                status = e.status();
                log.start(RagStep.OUTPUT_GUARD).attribute("mode", "streaming").end("blocked:" + code(e));
                sink.fail(e);
                return;
            }
            if (text.isEmpty()) {
                return; // held back until no value can span its end
            }
        }
        if (generation != null && !generation.attributes().containsKey("ttft_ms")) {
            generation.attribute("ttft_ms", String.format(java.util.Locale.ROOT, "%.3f", generation.elapsedMillis()));
        }
        sink.token(text);
    }

    @Override
    public void completed() {
        // The gateway hands over its ledger entry right after the stream ends, in the same turn of the event loop.
        parts.vertx().runOnContext(v -> afterGeneration(null));
    }

    @Override
    public void failed(PavedException error) {
        parts.vertx().runOnContext(v -> afterGeneration(error));
    }

    @Override
    public boolean clientBusy() {
        return sink.writeQueueFull();
    }

    @Override
    public void onClientDrained(Runnable action) {
        sink.onDrain(action);
    }

    private void afterGeneration(PavedException error) {
        if (disconnected) {
            return;
        }
        LedgerEntry e = entry;
        if (e != null) {
            generation.attribute("input_tokens", e.usage().inputTokens()).attribute("output_tokens", e.usage().outputTokens())
                    .attribute("provider", e.provider());
            degraded = e.decisions().stream().anyMatch(d -> d.startsWith("degrade:"));
        }
        degraded |= stream.degraded() != null;
        if (error != null) {
            generation.end("failed:" + code(error));
            status = error.status();
            if (!outputStopped) {
                sink.fail(error);
            }
            logAsync();
            return;
        }
        generation.end("ran");
        if (outputStopped) {
            logAsync();
            return;
        }
        String text = answer.toString();
        StepLog.Open guard = log.start(RagStep.OUTPUT_GUARD).attribute("mode", feature.outputMode().id());
        if (output == null) {
            guard.end("skipped:no_output_policy");
        } else if (feature.outputMode() == OutputMode.BUFFERED) {
            try {
                text = output.full(text);
                guard.end(output.done());
            } catch (PavedException ex) {
                guard.end("blocked:" + code(ex));
                status = ex.status();
                sink.fail(ex);
                logAsync();
                return;
            }
        } else {
            try {
                String rest = output.finish();
                if (!rest.isEmpty()) {
                    sink.token(rest);
                }
                text = output.streamed();
                guard.end(output.done());
            } catch (PavedException ex) {
                guard.end("blocked:" + code(ex));
                status = ex.status();
                sink.fail(ex);
                logAsync();
                return;
            }
        }
        if (feature.outputMode() == OutputMode.BUFFERED && !text.isEmpty()) {
            sink.token(text);
        }
        citeAndStore(text);
    }

    private void citeAndStore(String text) {
        StepLog.Open step = log.start(RagStep.CITE_AND_STORE);
        List<Passage> used = Citations.used(text, context);
        resultAnswer = text;
        resultCitations = RagAnswers.citations(used);
        step.attribute("citations", used.size()).attribute("sources", context.sources().size());
        LedgerEntry e = entry;
        boolean store = lookup != null && lookup.stores() && !degraded && e != null;
        if (!store) {
            step.end("cited:" + used.size() + ",not_stored:" + (lookup == null ? "no_lookup" : degraded ? "degraded" : "no_usage"));
            respond(result());
            return;
        }
        if (!parts.cache().needsEmbedding(lookup)) {
            // The question's vector is at hand (step 3 embedded it): storing is an in-memory index write, done here
            // rather than handed to a worker and back.
            boolean stored;
            try {
                parts.cache().put(lookup, resultAnswer, resultCitations, e.usage(), e.cost(), e.provider(), e.model());
                stored = true;
            } catch (RuntimeException ex) {
                stored = false; // a cache that cannot store never costs the caller the answer
            }
            step.end("cited:" + used.size() + (stored ? ",stored" : ",store_failed"));
            respond(result());
            return;
        }
        parts.vertx().executeBlocking(() -> {
            parts.cache().put(lookup, resultAnswer, resultCitations, e.usage(), e.cost(), e.provider(), e.model());
            return null;
        }, false).onComplete(ar -> {
            step.end("cited:" + used.size() + (ar.succeeded() ? ",stored" : ",store_failed"));
            respond(result());
        });
    }

    private ObjectNode result() {
        ObjectNode r = RagAnswers.result(ctx, req, feature.alias(), resultAnswer, resultCitations, cacheHit, degraded, notice(),
                cacheHit ? null : entry, log);
        if (req.debug()) {
            r.put("server_ms", (System.nanoTime() - createdNanos) / 1e6);
        }
        return r;
    }

    private void serveCached() {
        for (RagStep s : List.of(RagStep.REWRITE, RagStep.RETRIEVE, RagStep.ASSEMBLE, RagStep.GENERATE)) {
            log.skip(s, "cache_hit");
        }
        cacheHit = true;
        degraded = parts.cacheOnly().test(feature.alias());
        ObjectNode stored = RagCache.read(hit);
        String text = stored.path("answer").asText();
        StepLog.Open guard = log.start(RagStep.OUTPUT_GUARD).attribute("mode", "buffered");
        RagGuard.OutputCheck check = parts.guard().output(ctx, feature.alias());
        if (check == null) {
            guard.end("skipped:no_output_policy");
        } else {
            try {
                text = check.full(text);
                guard.end(check.done());
            } catch (PavedException e) {
                guard.end("blocked:" + code(e));
                failEarly(e);
                return;
            }
        }
        CallRecorder rec = new CallRecorder(ctx, RagGuard.API, parts.observer());
        rec.alias(feature.alias());
        rec.stream(req.stream());
        rec.cacheHit(hit);
        rec.succeeded(200);
        resultAnswer = text;
        resultCitations = stored.path("citations") instanceof ArrayNode a ? a : Json.array();
        log.start(RagStep.CITE_AND_STORE).attribute("citations", resultCitations.size()).end("cached_citations");
        sink.token(text);
        respond(result());
    }

    private String notice() {
        List<String> parts = new ArrayList<>();
        if (degraded) {
            parts.add(cacheHit ? "Offline mode: this answer comes from the cache." : "Degraded: answered by a cheaper model or from the cache.");
        }
        if (feature.alias().equals(RagFeature.DEFAULT_ALIAS) || (entry != null && "extractive".equals(providerType()))) {
            parts.add(EXTRACTIVE_NOTICE);
        }
        if (context != null && context.sources().isEmpty()) {
            parts.add("No passage of the knowledge base matched the question for this caller.");
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    private String providerType() {
        var p = entry.provider() == null ? null : this.parts.gateway().providers().get(entry.provider());
        return p == null ? null : p.type().id();
    }

    private void respond(ObjectNode result) {
        if (!disconnected) {
            sink.done(result);
        }
        logAsync();
    }

    /** Fails before generation started: the caller gets the error, the ledger one zero-cost row, the trace every step so far. */
    private void failEarly(PavedException e) {
        status = e.status();
        CallRecorder rec = new CallRecorder(ctx, RagGuard.API, parts.observer());
        rec.alias(feature.alias());
        rec.stream(req.stream());
        rec.failed(e.status(), code(e));
        sink.fail(e);
        logAsync();
    }

    private void clientGone() {
        if (disconnected || logged) {
            return;
        }
        disconnected = true;
        status = 499;
        if (stream != null) {
            generation.end("cancelled:client_disconnected");
            stream.cancel();
            logAsync();
        }
        // Before generation, the preparation finishing on its worker sees the flag and logs.
    }

    // ---- step 10 ----

    /** Session write, eval sample and trace, on a worker after the answer; never delays the caller. Runs once. */
    private void logAsync() {
        if (logged) {
            return;
        }
        logged = true;
        StepLog.Open step = log.start(RagStep.LOG);
        boolean sample = EvalSampler.sampled(ctx.requestId(), feature.evalSampleRate());
        boolean remember = req.sessionId() != null && status == 200 && !resultAnswer.isEmpty();
        parts.vertx().executeBlocking(() -> {
            if (remember) {
                // The question as the input guard left it: redacted personal data is never stored.
                parts.sessions().append(ctx.tenantId(), req.sessionOwner(), req.sessionId(), query, resultAnswer, feature.sessionBudgetTokens());
            }
            if (sample) {
                ObjectNode steps = Json.object();
                log.records().forEach(r -> steps.putObject(r.step().spanName()).put("decision", r.decision()).put("ms", r.millis()));
                parts.samples().insert(new EvalSampleStore.Sample(ctx.tenantId(), ctx.requestId(), ctx.traceId(), ctx.keyId(), ctx.featureId(),
                        feature.alias(), req.kbs(), query, resultAnswer, resultCitations, steps, cacheHit, degraded, Integer.toString(status),
                        ctx.principalId()));
            }
            return null;
        }, false).onComplete(ar -> {
            step.attribute("status", status).attribute("sampled", sample).attribute("session", remember)
                    .end(ar.succeeded() ? "ran" : "failed:" + ar.cause().getClass().getSimpleName());
            parts.tracing().ragSteps(ctx, log.records());
        });
    }

    private static PavedException toPaved(Throwable t) {
        if (t instanceof PavedException p) {
            return p;
        }
        return new PavedException(ErrorKind.INTERNAL, "The RAG request failed (" + t.getClass().getSimpleName()
                + "); the request id in x-request-id helps the platform team find it.", null, "internal_error", t);
    }

    private static String code(PavedException e) {
        return e.code() != null ? e.code() : e.kind().type();
    }
}
