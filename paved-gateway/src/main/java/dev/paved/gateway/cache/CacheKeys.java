package dev.paved.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What identifies a request to the cache. The exact key hashes the whole request in a canonical form
 * (keys sorted, fields that do not change the answer removed). The semantic match works in two parts:
 * the <em>context</em> (everything but the last user message: system prompt, earlier turns, tools,
 * parameters) must be identical, hashed into the scope; the last user message is the query whose
 * embedding is compared. An answer is never served for a similar question asked in another conversation.
 */
public final class CacheKeys {
    /** Fields that change how the answer is delivered or attributed, not what it says. */
    private static final Set<String> IGNORED = Set.of("stream", "stream_options", "user", "metadata", "service_tier", "store");
    /**
     * Sampling settings: part of the exact key, but not of the conversation context, so a similar question in the
     * same conversation may be answered by an answer sampled differently.
     */
    private static final Set<String> SAMPLING = Set.of("temperature", "top_p", "top_k", "seed", "frequency_penalty",
            "presence_penalty", "max_tokens", "max_completion_tokens");

    private CacheKeys() {
    }

    /** SHA-256 of the canonical request, the format it came in and its scope. */
    public static String exactKey(WireFormat format, String scope, ObjectNode body) {
        return sha256(format.name() + "\u0000" + scope + "\u0000" + Json.write(canonical(body, false)));
    }

    /** SHA-256 of the request without its last user message: must match for a semantic hit. */
    public static String contextHash(WireFormat format, ObjectNode body) {
        return sha256(format.name() + "\u0000" + Json.write(canonical(body, true)));
    }

    /** The text of the last user message (string content or text parts), or null when there is none. */
    public static String query(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (!(messages instanceof ArrayNode list)) {
            return null;
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode m = list.get(i);
            if ("user".equals(m.path("role").asText())) {
                String text = text(m.get("content"));
                return text == null || text.isBlank() ? null : text;
            }
        }
        return null;
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText())) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(part.path("text").asText());
                } else {
                    return null; // images, tool results: not a plain question
                }
            }
            return sb.toString();
        }
        return null;
    }

    /** Sorted keys, ignored fields dropped; with {@code withoutQuery} the last user message's content is blanked. */
    static JsonNode canonical(ObjectNode body, boolean withoutQuery) {
        ObjectNode copy = (ObjectNode) sorted(body);
        IGNORED.forEach(copy::remove);
        if (withoutQuery) {
            SAMPLING.forEach(copy::remove);
        }
        if (withoutQuery && copy.get("messages") instanceof ArrayNode list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if ("user".equals(list.get(i).path("role").asText())) {
                    ((ObjectNode) list.get(i)).remove("content");
                    break;
                }
            }
        }
        return copy;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = Json.object();
            for (String n : names) {
                out.set(n, sorted(obj.get(n)));
            }
            return out;
        }
        if (node instanceof ArrayNode arr) {
            ArrayNode out = Json.array();
            arr.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
