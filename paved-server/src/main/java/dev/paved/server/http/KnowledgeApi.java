package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.rerank.RerankException;
import dev.paved.knowledge.search.SearchHit;
import dev.paved.knowledge.search.SearchRequest;
import dev.paved.server.knowledge.ChunkingJson;
import dev.paved.server.knowledge.IngestItem;
import dev.paved.server.knowledge.KnowledgeBase;
import dev.paved.server.knowledge.KnowledgeJob;
import dev.paved.server.knowledge.KnowledgeService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The knowledge-base API under {@code /v1/kb} and the Cohere-format {@code /v1/rerank}: product API keys, tenant
 * from the key, OpenAI-style errors. Everything but parsing runs on worker threads.
 */
public final class KnowledgeApi {

    private final Vertx vertx;
    private final KnowledgeService service;

    public KnowledgeApi(Vertx vertx, KnowledgeService service) {
        this.vertx = vertx;
        this.service = service;
    }

    void mount(Router router, Edge edge, BodyHandler body, BodyHandler uploads, ApiAuth auth) {
        ApiAuth writes = auth.keysOnly();
        HttpApi.api(router.put("/v1/kb/:kb"), WireFormat.OPENAI, edge, body, writes, rc -> blocking(rc, 200, () -> configure(rc)));
        HttpApi.api(router.get("/v1/kb/:kb"), WireFormat.OPENAI, edge, null, auth, rc -> blocking(rc, 200, () -> {
            KnowledgeBase kb = service.get(tenant(rc), rc.pathParam("kb"));
            return kbJson(kb, service.counts(kb));
        }));
        HttpApi.api(router.delete("/v1/kb/:kb"), WireFormat.OPENAI, edge, null, writes, rc -> blocking(rc, 200, () -> {
            service.deleteKnowledgeBase(tenant(rc), rc.pathParam("kb"));
            return Json.object().put("object", "kb.deleted").put("kb", rc.pathParam("kb")).put("deleted", true);
        }));
        HttpApi.api(router.post("/v1/kb/:kb/documents"), WireFormat.OPENAI, edge, uploads, writes,
                rc -> blocking(rc, 202, () -> jobJson(rc.pathParam("kb"), service.submit(tenant(rc), rc.pathParam("kb"), items(rc)))));
        HttpApi.api(router.get("/v1/kb/:kb/jobs/:job"), WireFormat.OPENAI, edge, null, auth,
                rc -> blocking(rc, 200, () -> jobJson(rc.pathParam("kb"), service.job(tenant(rc), rc.pathParam("kb"), rc.pathParam("job")))));
        HttpApi.api(router.delete("/v1/kb/:kb/documents/:document"), WireFormat.OPENAI, edge, null, writes,
                rc -> blocking(rc, 200, () -> deleteDocument(rc, rc.pathParam("document"))));
        HttpApi.api(router.delete("/v1/kb/:kb/documents"), WireFormat.OPENAI, edge, null, writes, rc -> blocking(rc, 200, () -> {
            String id = rc.queryParams().get("document_id");
            if (id == null || id.isEmpty()) {
                throw PavedException.invalid("Name the document: DELETE /v1/kb/{kb}/documents/{document_id} or ?document_id=...", "document_id");
            }
            return deleteDocument(rc, id);
        }));
        HttpApi.api(router.post("/v1/kb/:kb/search"), WireFormat.OPENAI, edge, body, auth, this::search);
        HttpApi.api(router.post("/v1/rerank"), WireFormat.OPENAI, edge, body, auth, this::rerank);
    }

    private JsonNode configure(RoutingContext rc) {
        ObjectNode b = JsonBodies.object(rc);
        String model = KnowledgeRequests.string(b, "embedding_model", "");
        ChunkingConfig chunking;
        try {
            chunking = b.has("chunking") ? ChunkingJson.read(b.get("chunking"), service.settings().defaultChunking()) : null;
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage() + ".", "chunking");
        }
        KnowledgeJob job = service.configure(tenant(rc), rc.pathParam("kb"), model, chunking);
        KnowledgeBase kb = service.get(tenant(rc), rc.pathParam("kb"));
        ObjectNode out = kbJson(kb, service.counts(kb));
        if (job != null) {
            out.set("job", jobJson(kb.name(), job));
        }
        return out;
    }

    private List<IngestItem> items(RoutingContext rc) {
        String ct = rc.request().getHeader("content-type");
        if (ct != null && ct.regionMatches(true, 0, "multipart/form-data", 0, 19)) {
            return KnowledgeRequests.multipartDocuments(rc.fileUploads(), rc.request().formAttributes());
        }
        return KnowledgeRequests.jsonDocuments(JsonBodies.object(rc));
    }

    private JsonNode deleteDocument(RoutingContext rc, String documentId) {
        long version = service.deleteDocument(tenant(rc), rc.pathParam("kb"), documentId);
        return Json.object().put("object", "kb.document.deleted").put("document_id", documentId).put("deleted", true)
                .put("kb_version", version);
    }

    private void search(RoutingContext rc) {
        ObjectNode b = JsonBodies.object(rc);
        SearchRequest request = KnowledgeRequests.search(b);
        var groups = searchGroups(b, ApiAuth.principal(rc));
        boolean debug = KnowledgeRequests.bool(b, "debug");
        String kbName = rc.pathParam("kb");
        blocking(rc, 200, () -> {
            KnowledgeService.Searched s = service.search(tenant(rc), kbName, groups, request);
            Map<String, Double> timings = s.result().timingsMs();
            Edge.span(rc).attributes(prefixed(timings));
            ObjectNode out = Json.object();
            out.put("object", "list");
            out.put("kb", kbName);
            out.put("kb_version", s.kbVersion());
            out.put("embedding_model", s.embeddingModel());
            out.put("mode", request.mode().wireName());
            if (s.result().rerankedBy() != null) {
                out.put("reranked_by", s.result().rerankedBy());
            }
            ArrayNode data = out.putArray("data");
            for (SearchHit h : s.result().hits()) {
                data.add(hitJson(h));
            }
            if (debug) {
                ObjectNode t = out.putObject("timings_ms");
                timings.forEach(t::put);
                out.put("generation", s.generation());
            }
            return out;
        });
    }

    private void rerank(RoutingContext rc) {
        ObjectNode b = JsonBodies.object(rc);
        String query = KnowledgeRequests.string(b, "query", "");
        if (query == null || query.isBlank()) {
            throw PavedException.invalid("'query' is required.", "query");
        }
        JsonNode docs = b.get("documents");
        if (docs == null || !docs.isArray() || docs.isEmpty()) {
            throw PavedException.invalid("'documents' must be a non-empty array of strings or {\"text\": ...} objects.", "documents");
        }
        if (docs.size() > SearchRequest.MAX_TOP_K) {
            throw PavedException.invalid("Send at most " + SearchRequest.MAX_TOP_K + " documents.", "documents");
        }
        List<String> texts = new java.util.ArrayList<>();
        for (JsonNode d : docs) {
            String t = d.isTextual() ? d.asText() : d.path("text").isTextual() ? d.path("text").asText() : null;
            if (t == null) {
                throw PavedException.invalid("Each document must be a string or an object with a 'text' string.", "documents");
            }
            texts.add(t);
        }
        int topN = KnowledgeRequests.integer(b, "top_n", texts.size());
        if (topN < 1) {
            throw PavedException.invalid("'top_n' must be at least 1.", "top_n");
        }
        boolean returnDocuments = KnowledgeRequests.bool(b, "return_documents");
        blocking(rc, 200, () -> {
            double[] scores;
            try {
                scores = service.rerank(query, texts);
            } catch (RerankException e) {
                throw new PavedException(ErrorKind.UPSTREAM, "The re-ranker failed: " + e.getMessage(), null, "rerank_failed", e);
            }
            Integer[] order = new Integer[scores.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
            ObjectNode out = Json.object();
            out.put("id", Edge.requestId(rc));
            ArrayNode results = out.putArray("results");
            for (int i = 0; i < Math.min(topN, order.length); i++) {
                ObjectNode r = results.addObject().put("index", order[i]).put("relevance_score", scores[order[i]]);
                if (returnDocuments) {
                    r.putObject("document").put("text", texts.get(order[i]));
                }
            }
            out.putObject("meta").putObject("billed_units").put("search_units", 1);
            return out;
        });
    }

    /**
     * A search's ACL groups: with an API key alone, the groups the key's backend asserts for its user ({@code acl_groups});
     * with an end-user token, the token's groups, which {@code acl_groups} may only narrow.
     */
    private static java.util.Set<String> searchGroups(ObjectNode b, dev.paved.server.auth.Principal p) {
        if (p == null || p.user() == null) {
            return KnowledgeRequests.groups(b);
        }
        return AclGroups.narrowed(b, p);
    }

    private static Map<String, Double> prefixed(Map<String, Double> timings) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        timings.forEach((k, v) -> out.put("paved.kb.search." + k + "_ms", v));
        return out;
    }

    private static String tenant(RoutingContext rc) {
        RequestContext ctx = ApiAuth.context(rc);
        return ctx.tenantId();
    }

    static ObjectNode hitJson(SearchHit h) {
        ObjectNode n = Json.object();
        n.put("chunk_id", h.chunkId());
        n.put("document_id", h.documentId());
        n.put("ordinal", h.ordinal());
        n.put("score", h.score());
        n.put("text", h.text());
        if (h.context() != null) {
            n.put("context", h.context());
        }
        n.put("source", h.source());
        n.put("title", h.title());
        n.put("data_class", h.dataClass());
        ObjectNode meta = n.putObject("metadata");
        h.metadata().forEach(meta::put);
        ObjectNode ranks = n.putObject("ranks");
        ranks.put("bm25", h.bm25Rank());
        ranks.put("dense", h.denseRank());
        return n;
    }

    static ObjectNode kbJson(KnowledgeBase kb, Map<String, Long> counts) {
        ObjectNode n = Json.object();
        n.put("object", "kb");
        n.put("id", kb.id());
        n.put("name", kb.name());
        n.put("embedding_model", kb.embeddingModel());
        n.set("chunking", ChunkingJson.write(kb.chunking()));
        n.put("version", kb.version());
        n.put("generation", kb.generation());
        if (kb.pendingGeneration() != null) {
            n.putObject("reindexing").put("generation", kb.pendingGeneration()).put("embedding_model", kb.pendingModel());
        }
        n.put("documents", counts.get("documents"));
        n.put("chunks", counts.get("chunks"));
        n.put("created_at", kb.createdAt().toString());
        return n;
    }

    static ObjectNode jobJson(String kbName, KnowledgeJob j) {
        ObjectNode n = Json.object();
        n.put("object", "kb.job");
        n.put("id", j.id());
        n.put("kb", kbName);
        n.put("kind", j.kind());
        n.put("status", j.status());
        n.putObject("progress").put("done", j.done()).put("total", j.total());
        JsonNode result = j.resultJson() == null ? null : Json.parseOrNull(j.resultJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        n.set("result", result == null ? Json.object() : result);
        if (j.error() == null) {
            n.putNull("error");
        } else {
            n.put("error", j.error());
        }
        n.put("created_at", j.createdAt().toString());
        n.put("finished_at", j.finishedAt() == null ? null : j.finishedAt().toString());
        return n;
    }

    private void blocking(RoutingContext rc, int status, Callable<JsonNode> work) {
        WorkerCalls.respond(vertx, rc, status, work, "Knowledge operation failed (the request id in x-request-id helps the "
                + "platform team find it)");
    }
}
