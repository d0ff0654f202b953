package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Ids;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.AnswerStreams;
import dev.paved.gateway.cache.CacheHit;
import dev.paved.gateway.wire.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Sends a cached answer in the caller's format: the stored JSON with a fresh id, or, when the caller
 * streams, the same answer replayed as SSE. Headers tell the caller it came from the cache and how close
 * the match was; in offline mode the body also carries {@code degraded: true} and a notice.
 */
final class CachedReplies {
    static final String OFFLINE_NOTICE = "The model is unavailable; this answer was served from the cache for a similar question"
            + " and may be out of date.";

    private CachedReplies() {
    }

    static void send(WireFormat inbound, ObjectNode request, CacheHit hit, ClientChannel channel, boolean offline) {
        ObjectNode answer = (ObjectNode) Json.parseOrNull(hit.answer().response());
        answer.put("id", (inbound == WireFormat.OPENAI ? "chatcmpl-" : "msg_") + Ids.prefixed("c").substring(2));
        if (inbound == WireFormat.OPENAI) {
            answer.put("created", System.currentTimeMillis() / 1000);
        }
        if (offline) {
            answer.put("degraded", true);
            answer.put("notice", OFFLINE_NOTICE);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("x-paved-cache", "hit")
                .add("x-paved-cache-kind", hit.kind())
                .add("x-paved-cache-similarity", String.format(Locale.ROOT, "%.4f", hit.similarity()));
        if (offline) {
            headers.add("x-paved-degraded", "offline-cache");
        }
        if (request.path("stream").asBoolean(false)) {
            JsonNode includeUsage = request.path("stream_options").path("include_usage");
            Buffer sse = AnswerStreams.toSse(inbound, answer, includeUsage.asBoolean(false));
            channel.beginStream(headers);
            channel.write(sse);
            channel.end();
        } else {
            channel.sendJson(200, Buffer.buffer(Json.bytes(answer)), headers);
        }
    }
}
