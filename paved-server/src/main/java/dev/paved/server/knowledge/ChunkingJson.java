package dev.paved.server.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.chunk.ChunkingStrategy;
import java.io.IOException;
import java.util.Set;

/** Chunking settings as JSON: {@code {"strategy", "max_tokens", "overlap_tokens", "window", "parent_tokens"}}. */
public final class ChunkingJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("strategy", "max_tokens", "overlap_tokens", "window", "parent_tokens");

    private ChunkingJson() {
    }

    public static ObjectNode write(ChunkingConfig c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("strategy", c.strategy().wireName());
        o.put("max_tokens", c.maxTokens());
        o.put("overlap_tokens", c.overlapTokens());
        o.put("window", c.windowSize());
        o.put("parent_tokens", c.parentTokens());
        return o;
    }

    /** Settings from JSON, each missing key taken from {@code base}; {@link IllegalArgumentException} when invalid. */
    public static ChunkingConfig read(JsonNode node, ChunkingConfig base) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("chunking must be an object with " + KEYS);
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown chunking setting '" + k + "'; use " + KEYS);
            }
        });
        ChunkingStrategy strategy = node.has("strategy") ? ChunkingStrategy.parse(node.get("strategy").asText()) : base.strategy();
        return new ChunkingConfig(strategy, integer(node, "max_tokens", base.maxTokens()),
                integer(node, "overlap_tokens", base.overlapTokens()), integer(node, "window", base.windowSize()),
                integer(node, "parent_tokens", Math.max(base.parentTokens(), integer(node, "max_tokens", base.maxTokens()))));
    }

    static ChunkingConfig parse(String json) {
        try {
            return read(JSON.readTree(json), ChunkingConfig.defaults());
        } catch (IOException e) {
            throw new IllegalStateException("stored chunking settings are not JSON: " + json, e);
        }
    }

    private static int integer(JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("chunking." + key + " must be a whole number");
        }
        return v.asInt();
    }
}
