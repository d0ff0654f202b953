package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Marks the stable prefix of a translated Anthropic request for Anthropic's prompt cache, for callers of
 * the OpenAI API (which has no such markers; OpenAI caches prefixes by itself). Anthropic caches the
 * request up to each {@code cache_control} breakpoint, in the order tools, system, messages; the stable
 * part of a chat is its tool definitions and system prompt, so those get the breakpoints: the last tool
 * and the (last block of the) system prompt. Requests that already carry breakpoints are left alone, as
 * are prefixes too short for Anthropic to cache (it ignores them anyway, but says nothing).
 */
public final class PromptCacheBreakpoints {
    /** Anthropic's smallest cacheable prefix is 1,024 tokens for most models; about 4 characters a token. */
    static final int MIN_PREFIX_CHARS = 4 * 1024;

    private PromptCacheBreakpoints() {
    }

    /** Adds breakpoints to an Anthropic request in place; returns how many were added. */
    public static int apply(ObjectNode anthropicRequest) {
        if (anthropicRequest.toString().contains("\"cache_control\"")) {
            return 0;
        }
        JsonNode tools = anthropicRequest.get("tools");
        JsonNode system = anthropicRequest.get("system");
        int prefixChars = (tools == null ? 0 : tools.toString().length()) + (system == null ? 0 : system.toString().length());
        if (prefixChars < MIN_PREFIX_CHARS) {
            return 0;
        }
        int added = 0;
        if (tools instanceof ArrayNode list && !list.isEmpty() && list.get(list.size() - 1) instanceof ObjectNode last) {
            last.set("cache_control", ephemeral());
            added++;
        }
        if (system != null && system.isTextual() && !system.asText().isEmpty()) {
            ArrayNode blocks = Json.array();
            ObjectNode text = blocks.addObject();
            text.put("type", "text");
            text.put("text", system.asText());
            text.set("cache_control", ephemeral());
            anthropicRequest.set("system", blocks);
            added++;
        } else if (system instanceof ArrayNode blocks && !blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof ObjectNode last) {
            last.set("cache_control", ephemeral());
            added++;
        }
        return added;
    }

    private static ObjectNode ephemeral() {
        ObjectNode c = Json.object();
        c.put("type", "ephemeral");
        return c;
    }
}
