package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.knowledge.index.MetadataFilter;
import dev.paved.knowledge.model.Names;
import dev.paved.server.auth.Principal;
import dev.paved.server.rag.RagRequest;
import dev.paved.server.rag.RagService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/chat}: RAG answers with citations, as JSON or server-sent events. Tenant, feature and ACL groups
 * come from the API key or the end user's token (the feature also from {@code X-Feature-Id}); the body may only narrow
 * the groups. Sessions belong to the end user when a token names one. Errors are
 * OpenAI-style JSON, like the knowledge API's.
 */
public final class RagApi {
    static final int MAX_QUERY_CHARS = 16_000;
    static final int MAX_KBS = 8;
    static final Set<String> FIELDS = Set.of("query", "kb", "kbs", "session_id", "feature_id", "acl_groups", "options");
    static final Set<String> OPTIONS = Set.of("top_k", "filter", "cache", "stream", "debug");

    private final RagService service;

    public RagApi(RagService service) {
        this.service = service;
    }

    void mount(Router router, Edge edge, BodyHandler body, ApiAuth auth) {
        HttpApi.api(router.post("/v1/chat"), WireFormat.OPENAI, edge, body, auth, this::chat);
    }

    private void chat(RoutingContext rc) {
        RequestContext ctx = ApiAuth.context(rc);
        RagRequest request = parse(JsonBodies.object(rc), ctx, ApiAuth.principal(rc), accepts(rc, "text/event-stream"));
        service.chat(ctx, request, new RagSseSink(rc.response(), request.stream()));
    }

    static RagRequest parse(ObjectNode b, RequestContext ctx, Principal principal, boolean acceptsStream) {
        b.fieldNames().forEachRemaining(f -> {
            if (f.equals("tenant_id")) {
                throw PavedException.invalid("Remove 'tenant_id': the tenant comes from the API key, never from the request.", "tenant_id");
            }
            if (!FIELDS.contains(f)) {
                throw PavedException.invalid("Unknown field '" + f + "'; /v1/chat takes " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ".", f);
            }
        });
        String query = KnowledgeRequests.string(b, "query", "");
        if (query == null || query.isBlank()) {
            throw PavedException.invalid("'query' is required: the user's question.", "query");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw PavedException.invalid("'query' is longer than " + MAX_QUERY_CHARS + " characters; shorten the question.", "query");
        }
        List<String> kbs = kbs(b);
        String session = KnowledgeRequests.string(b, "session_id", "");
        if (session != null && !SafeIds.valid(session, 128)) {
            throw PavedException.invalid("'session_id' must be 1-128 characters of letters, digits, '.', '_', ':' or '-'.", "session_id");
        }
        String feature = KnowledgeRequests.string(b, "feature_id", "");
        if (feature != null && !feature.equals(ctx.featureId())) {
            throw new PavedException(ErrorKind.PERMISSION, "'feature_id' must match the feature of the API key or X-Feature-Id ("
                    + (ctx.featureId() == null ? "none" : "'" + ctx.featureId() + "'") + "); the feature is not taken from the body. "
                    + "Send X-Feature-Id instead, or drop 'feature_id'.", "feature_id", "feature_mismatch");
        }
        Set<String> groups = AclGroups.narrowed(b, principal);
        JsonNode o = b.get("options");
        if (o != null && !o.isNull() && !o.isObject()) {
            throw PavedException.invalid("'options' must be an object (" + String.join(", ", new java.util.TreeSet<>(OPTIONS)) + ").", "options");
        }
        ObjectNode options = o instanceof ObjectNode on ? on : dev.paved.gateway.wire.Json.object();
        options.fieldNames().forEachRemaining(f -> {
            if (!OPTIONS.contains(f)) {
                throw PavedException.invalid("Unknown option '" + f + "'; options are " + String.join(", ", new java.util.TreeSet<>(OPTIONS)) + ".",
                        "options." + f);
            }
        });
        int topK = KnowledgeRequests.integer(options, "top_k", 0);
        if (options.has("top_k") && (topK < 1 || topK > 100)) {
            throw PavedException.invalid("'options.top_k' must be between 1 and 100.", "options.top_k");
        }
        MetadataFilter filter = KnowledgeRequests.filter(options.get("filter"));
        boolean cache = !options.has("cache") || KnowledgeRequests.bool(options, "cache");
        boolean stream = options.has("stream") ? KnowledgeRequests.bool(options, "stream") : acceptsStream;
        return new RagRequest(query, kbs, session, groups, filter, topK, !cache, stream, KnowledgeRequests.bool(options, "debug"),
                principal == null ? "" : principal.sessionOwner());
    }

    private static List<String> kbs(ObjectNode b) {
        JsonNode one = b.get("kb");
        JsonNode many = b.get("kbs");
        if ((one == null || one.isNull()) == (many == null || many.isNull())) {
            throw PavedException.invalid("Name the knowledge base: 'kb': \"name\", or 'kbs': [\"a\", \"b\"] (not both).", "kb");
        }
        List<String> names = new ArrayList<>();
        if (one != null && !one.isNull()) {
            names.add(KnowledgeRequests.string(b, "kb", ""));
        } else {
            if (!many.isArray() || many.isEmpty() || many.size() > MAX_KBS) {
                throw PavedException.invalid("'kbs' must be an array of 1 to " + MAX_KBS + " knowledge-base names.", "kbs");
            }
            many.forEach(n -> names.add(n.isTextual() ? n.asText() : ""));
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String n : names) {
            try {
                unique.add(Names.kb(n));
            } catch (IllegalArgumentException e) {
                throw PavedException.invalid(e.getMessage() + ".", one != null && !one.isNull() ? "kb" : "kbs");
            }
        }
        return List.copyOf(unique);
    }

    private static boolean accepts(RoutingContext rc, String type) {
        String accept = rc.request().getHeader("accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(type);
    }
}
