package dev.paved.server.rag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheHit;
import dev.paved.gateway.cache.CacheLookup;
import dev.paved.gateway.cache.CacheRequest;
import dev.paved.gateway.cache.QueryForm;
import dev.paved.gateway.cache.ResponseCache;
import dev.paved.gateway.wire.Json;
import dev.paved.knowledge.embed.QueryVectors;
import dev.paved.rag.RagFeature;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Steps 3 and 9 on the gateway's response cache. A RAG answer is cached under a synthetic chat request whose
 * context (the part that must match exactly) holds the feature, its prompt, the knowledge bases, the caller's ACL
 * groups, the filter and top-k, and whose question is the user's query (matched semantically). The scope adds
 * tenant, alias, the knowledge bases' versions and the cache's embedding model, so a re-ingest, another tenant or a
 * caller who may see other documents never gets the entry. The question is embedded as a search query (the model's
 * query instruction, {@link QueryForm#SEARCH}): the vector hybrid retrieval needs, which a miss hands on to it
 * ({@link #queryVector}) instead of embedding the question a second time. Its scope says so, so RAG entries are never
 * compared with the gateway's chat entries, whose questions are embedded as plain text.
 */
final class RagCache {
    private final ResponseCache cache;

    RagCache(ResponseCache cache) {
        this.cache = cache;
    }

    boolean enabled() {
        return cache != null && cache.config().enabled();
    }

    /** The call's place in the cache, or null when the cache would not take it. */
    CacheLookup prepare(RequestContext ctx, RagFeature feature, RagRequest req, String kbVersions, String query) {
        ObjectNode body = Json.object();
        body.put("model", feature.alias());
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        String scope = "rag\nfeature=" + feature.name() + "\nprompt=" + feature.systemPrompt() + "\nkbs=" + String.join(",", req.kbs())
                + "\ngroups=" + String.join(",", new TreeSet<>(req.groups())) + "\nfilter=" + req.filter().fields()
                + "\ntop_k=" + (req.topK() > 0 ? req.topK() : feature.topK()) + "\nanswer_tokens=" + feature.answerTokens();
        messages.addObject().put("role", "system").put("content", scope);
        messages.addObject().put("role", "user").put("content", query);
        return cache.prepare(ctx, WireFormat.OPENAI, feature.alias(), body, new CacheRequest(false, false, true, null, kbVersions),
                QueryForm.SEARCH);
    }

    /**
     * After a lookup that embedded the question: records its vector as the search-query vector of the cache's model, for
     * retrieval in knowledge bases of that model. Does nothing when the lookup computed none (exact hit, not semantic).
     */
    static void queryVector(CacheLookup l, QueryVectors vectors) {
        float[] v = l.vector();
        if (v != null && l.form() == QueryForm.SEARCH) {
            vectors.put(l.embeddingModel(), l.query(), v);
        }
    }

    /** Blocking (may embed the query). */
    Optional<CacheHit> find(CacheLookup l) {
        return l.serves() ? cache.find(l) : Optional.empty();
    }

    /** Whether {@link #put} would first embed the question (then call it off the event loop). */
    boolean needsEmbedding(CacheLookup l) {
        return cache.needsEmbedding(l);
    }

    /** Stores a result (its answer, citations and what it cost); blocking when the query still needs embedding. */
    void put(CacheLookup l, String answer, ArrayNode citations, dev.paved.core.Usage usage, java.math.BigDecimal cost, String provider,
             String model) {
        ObjectNode stored = Json.object();
        stored.put("answer", answer);
        stored.set("citations", citations.deepCopy());
        cache.put(l, Json.bytes(stored), usage, cost, provider, model);
    }

    /** The answer and citations of a hit. */
    static ObjectNode read(CacheHit hit) {
        var n = Json.parseOrNull(hit.answer().response());
        return n instanceof ObjectNode o ? o : Json.object().put("answer", "").set("citations", Json.array());
    }

    static List<String> kbList(String joined) {
        return List.of(joined.split(","));
    }
}
