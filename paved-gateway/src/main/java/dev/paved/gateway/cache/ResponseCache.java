package dev.paved.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Ids;
import dev.paved.core.RequestContext;
import dev.paved.core.Usage;
import dev.paved.embedding.EmbeddingModel;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.config.CacheConfig;
import dev.paved.gateway.config.CacheConfig.CacheRule;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gateway's response cache: decides whether a call may be served from or stored into the cache,
 * looks answers up (exact first, then semantic within the same conversation context) and stores fresh
 * ones. Scope is tenant, alias, knowledge-base version, embedding model and conversation context, so
 * another tenant, another alias, a re-ingested knowledge base or a model swap never sees an entry.
 * Lookups may embed the query: call them off the event loop.
 */
public final class ResponseCache implements AutoCloseable {
    private final CacheConfig config;
    private final AnswerStore store;
    private final Supplier<EmbeddingModel> embedder;
    private final CacheReplicator replicator;
    private final CacheStats stats = new CacheStats();
    private final LongSupplier clock;

    /** A cache whose index is on the heap. */
    public ResponseCache(CacheConfig config, Supplier<EmbeddingModel> embedder, CacheReplicator replicator, LongSupplier clockMillis) {
        this(config, embedder, replicator, clockMillis, null);
    }

    /** @param indexDir folder for the memory-mapped answer index (emptied on start), or null to keep it on the heap */
    public ResponseCache(CacheConfig config, Supplier<EmbeddingModel> embedder, CacheReplicator replicator, LongSupplier clockMillis,
            java.nio.file.Path indexDir) {
        this.config = config;
        this.store = new AnswerStore(config.maxEntriesPerTenant(), indexDir);
        this.embedder = embedder;
        this.replicator = replicator;
        this.clock = clockMillis;
        replicator.subscribe(store::put);
        replicator.onPurge(store::purgeTenant);
    }

    public CacheConfig config() {
        return config;
    }

    public CacheStats stats() {
        return stats;
    }

    public AnswerStore store() {
        return store;
    }

    /** Drops a tenant's answers here and, with Redis, on every other replica; returns how many were here. */
    public int purgeTenant(String tenantId) {
        int n = store.purgeTenant(tenantId);
        replicator.publishPurge(tenantId);
        return n;
    }

    /**
     * Where this call stands with the cache, or null when it bypasses it (cache off, not deterministic and not
     * allowed, several choices, or a request whose last message is not a plain question and has no exact key).
     */
    public CacheLookup prepare(RequestContext ctx, WireFormat inbound, String alias, ObjectNode body, CacheRequest req) {
        return prepare(ctx, inbound, alias, body, req, QueryForm.TEXT);
    }

    /**
     * As {@link #prepare(RequestContext, WireFormat, String, ObjectNode, CacheRequest)}, with the question embedded in
     * {@code form}; entries of one form are never compared with lookups of the other (the form is part of the scope).
     */
    public CacheLookup prepare(RequestContext ctx, WireFormat inbound, String alias, ObjectNode body, CacheRequest req, QueryForm form) {
        if (!config.enabled()) {
            return null;
        }
        CacheRule rule = rule(alias, ctx.featureId());
        String mode = rule.mode() == null ? "deterministic" : rule.mode();
        if (mode.equals("off") || body.path("n").asInt(1) > 1) {
            return null;
        }
        boolean eligible = mode.equals("always") || req.allow() || deterministic(body);
        if (!eligible || (req.noCache() && req.noStore())) {
            return null;
        }
        boolean semantic = (rule.semantic() == null ? config.semantic() : rule.semantic());
        String query = semantic ? CacheKeys.query(body) : null;
        String scope = String.join("|", ctx.tenantId(), alias, req.kbVersion() == null ? "-" : req.kbVersion(),
                form.scopePart(config.embeddingModel()), CacheKeys.contextHash(inbound, body));
        double threshold = req.threshold() != null ? req.threshold() : rule.threshold() != null ? rule.threshold() : config.threshold();
        long ttl = (rule.ttl() != null ? rule.ttl() : config.ttl()).toMillis();
        return new CacheLookup(ctx.tenantId(), ctx.featureId(), alias, scope, CacheKeys.exactKey(inbound, scope, body), query,
                semantic && query != null, threshold, !req.noCache(), !req.noStore(),
                Boolean.TRUE.equals(rule.cacheToolCalls()), ttl, config.embeddingModel(), form);
    }

    /** Exact, then semantic; counts a hit or a miss. Embeds the query when a semantic lookup is needed. */
    public Optional<CacheHit> find(CacheLookup l) {
        long t0 = System.nanoTime();
        try {
            Optional<CacheHit> hit = lookup(l, l.threshold, l.cacheToolCalls);
            if (hit.isPresent()) {
                stats.hit(l, hit.get());
            } else {
                stats.miss(l);
            }
            return hit;
        } finally {
            stats.lookupTook(System.nanoTime() - t0);
        }
    }

    /** Offline mode: the lower offline threshold, never an answer that calls tools. */
    public Optional<CacheHit> findOffline(CacheLookup l) {
        Optional<CacheHit> hit = lookup(l, Math.min(l.threshold, config.offlineThreshold()), false);
        hit.ifPresent(h -> stats.hit(l, h));
        return hit;
    }

    private Optional<CacheHit> lookup(CacheLookup l, double threshold, boolean toolCalls) {
        long now = clock.getAsLong();
        Optional<CachedAnswer> exact = store.exact(l.exactKey, now);
        if (exact.isPresent() && (toolCalls || !exact.get().toolCalls())) {
            return Optional.of(new CacheHit(exact.get(), "exact", 1.0));
        }
        if (!l.semantic) {
            return Optional.empty();
        }
        // An answer written while this lookup ran (say, by another replica) can miss the exact check and still be found
        // here: it is the same request, so it is reported as the exact hit it is.
        return store.nearest(l.scope, vector(l), threshold, now, toolCalls)
                .map(h -> h.answer().exactKey().equals(l.exactKey) ? new CacheHit(h.answer(), "exact", 1.0) : h);
    }

    /**
     * Stores a fresh answer the caller received (JSON in the caller's format). Answers that call tools are
     * stored only where the alias allows it. Errors and refusals never reach here.
     */
    public void put(CacheLookup l, byte[] response, Usage usage, BigDecimal cost, String provider, String model) {
        if (!l.store) {
            return;
        }
        boolean toolCalls = callsTools(response);
        if (toolCalls && !l.cacheToolCalls) {
            return;
        }
        long now = clock.getAsLong();
        CachedAnswer a = new CachedAnswer(Ids.prefixed("ca"), l.tenantId, l.alias, l.scope, l.exactKey, l.semantic ? vector(l) : null,
                response, usage, cost, provider, model, toolCalls, now, now + l.ttlMillis);
        store.put(a);
        stats.stored(l);
        replicator.publish(a);
    }

    /** Whether storing this call's answer would first embed its query (costly: do it off the event loop). */
    public boolean needsEmbedding(CacheLookup l) {
        return l.semantic && l.vector == null;
    }

    /** Drops expired answers; call every few seconds. */
    public void sweep() {
        store.expire(clock.getAsLong());
    }

    /** The lookup's query vector, embedded on first use in the lookup's form and kept for the write-back. */
    private float[] vector(CacheLookup l) {
        if (l.vector == null) {
            long t0 = System.nanoTime();
            EmbeddingModel model = embedder.get();
            l.vector = l.form == QueryForm.SEARCH ? model.embedQuery(l.query) : model.embed(List.of(l.query)).get(0);
            l.embedNanos = System.nanoTime() - t0;
        }
        return l.vector;
    }

    private CacheRule rule(String alias, String feature) {
        CacheRule a = config.aliases().get(alias);
        CacheRule f = feature == null ? null : config.features().get(feature);
        if (a == null && f == null) {
            return new CacheRule(null, null, null, null, null);
        }
        if (a == null) {
            return f;
        }
        if (f == null) {
            return a;
        }
        return new CacheRule(f.mode() != null ? f.mode() : a.mode(), f.threshold() != null ? f.threshold() : a.threshold(),
                f.semantic() != null ? f.semantic() : a.semantic(), f.cacheToolCalls() != null ? f.cacheToolCalls() : a.cacheToolCalls(),
                f.ttl() != null ? f.ttl() : a.ttl());
    }

    private boolean deterministic(ObjectNode body) {
        JsonNode t = body.get("temperature");
        return t != null && t.isNumber() && t.asDouble() <= config.maxTemperature();
    }

    static boolean callsTools(byte[] response) {
        JsonNode r = dev.paved.gateway.wire.Json.parseOrNull(response);
        if (r == null) {
            return false;
        }
        if (r.path("choices").path(0).path("message").path("tool_calls").size() > 0) {
            return true;
        }
        for (JsonNode block : r.path("content")) {
            if ("tool_use".equals(block.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        store.close();
    }
}
