package dev.paved.server.rag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.gateway.ledger.LedgerEntry;
import dev.paved.gateway.wire.Json;
import dev.paved.rag.Passage;
import dev.paved.rag.StepLog;
import dev.paved.rag.answer.Citations;
import java.util.List;

/** The JSON of a RAG result, as the final event of a stream and as the whole JSON response. */
final class RagAnswers {
    static final int SNIPPET_CHARS = 240;

    private RagAnswers() {
    }

    static ArrayNode citations(List<Passage> used) {
        ArrayNode out = Json.array();
        for (Passage p : used) {
            ObjectNode c = out.addObject();
            c.put("document_id", p.documentId());
            c.put("chunk_id", p.chunkId());
            c.put("kb", p.kb());
            c.put("title", p.title());
            c.put("source", p.source());
            c.put("snippet", Citations.snippet(p.text(), SNIPPET_CHARS));
            c.put("score", p.score());
        }
        return out;
    }

    /** @param entry the generation's ledger entry (usage and cost), or null (cache hit: nothing spent) */
    static ObjectNode result(RequestContext ctx, RagRequest req, String alias, String answer, ArrayNode citations, boolean cacheHit,
                             boolean degraded, String notice, LedgerEntry entry, StepLog steps) {
        ObjectNode r = Json.object();
        r.put("object", "rag.answer");
        r.put("id", ctx.requestId());
        r.put("model", alias);
        r.put("answer", answer);
        r.set("citations", citations);
        r.put("cache_hit", cacheHit);
        r.put("degraded", degraded);
        if (notice != null) {
            r.put("notice", notice);
        }
        r.put("trace_id", ctx.traceId());
        if (req.sessionId() != null) {
            r.put("session_id", req.sessionId());
        }
        ObjectNode usage = r.putObject("usage");
        long in = entry == null ? 0 : entry.usage().inputTokens();
        long out = entry == null ? 0 : entry.usage().outputTokens();
        usage.put("tokens", in + out);
        usage.put("input_tokens", in);
        usage.put("output_tokens", out);
        usage.put("cost", entry == null ? java.math.BigDecimal.ZERO : entry.cost());
        if (req.debug()) {
            ArrayNode list = r.putArray("steps");
            steps.records().forEach(s -> {
                ObjectNode n = list.addObject().put("step", s.step().spanName()).put("decision", s.decision()).put("ms", s.millis());
                if (!s.attributes().isEmpty()) {
                    ObjectNode a = n.putObject("attributes");
                    s.attributes().forEach(a::put);
                }
            });
        }
        return r;
    }
}
