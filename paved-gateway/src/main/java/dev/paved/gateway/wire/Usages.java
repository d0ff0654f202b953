package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Usage;

/**
 * Reads and writes the {@code usage} objects of both wire formats. OpenAI's {@code prompt_tokens}
 * includes cached tokens; Anthropic's {@code input_tokens} excludes cache reads and writes.
 */
public final class Usages {
    private Usages() {
    }

    /** An OpenAI {@code usage} object as a {@link Usage}; null when there is no usage object. */
    public static Usage fromOpenAi(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long prompt = nonNegative(Json.longValue(usage, "prompt_tokens", 0));
        long completion = nonNegative(Json.longValue(usage, "completion_tokens", 0));
        long cached = nonNegative(Json.longValue(usage.get("prompt_tokens_details"), "cached_tokens", 0));
        cached = Math.min(cached, prompt);
        return new Usage(prompt - cached, completion, cached, 0);
    }

    /** An Anthropic {@code usage} object as a {@link Usage}; null when there is no usage object. */
    public static Usage fromAnthropic(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new Usage(
                nonNegative(Json.longValue(usage, "input_tokens", 0)),
                nonNegative(Json.longValue(usage, "output_tokens", 0)),
                nonNegative(Json.longValue(usage, "cache_read_input_tokens", 0)),
                nonNegative(Json.longValue(usage, "cache_creation_input_tokens", 0)));
    }

    /**
     * Applies the {@code usage} of an Anthropic {@code message_delta} event: its counts are
     * cumulative, {@code output_tokens} is always there, the others only sometimes.
     */
    static Usage mergeAnthropicDelta(Usage current, JsonNode delta) {
        if (delta == null || !delta.isObject()) {
            return current;
        }
        if (current == null) {
            current = Usage.ZERO;
        }
        return new Usage(
                nonNegative(Json.longValue(delta, "input_tokens", current.inputTokens())),
                nonNegative(Json.longValue(delta, "output_tokens", current.outputTokens())),
                nonNegative(Json.longValue(delta, "cache_read_input_tokens", current.cachedInputTokens())),
                nonNegative(Json.longValue(delta, "cache_creation_input_tokens", current.cacheWriteTokens())));
    }

    /** An OpenAI {@code usage} object: prompt tokens include cache reads and writes; null counts as zero. */
    public static ObjectNode toOpenAi(Usage usage) {
        usage = usage == null ? Usage.ZERO : usage;
        ObjectNode out = Json.object();
        out.put("prompt_tokens", usage.promptTokens());
        out.put("completion_tokens", usage.outputTokens());
        out.put("total_tokens", usage.totalTokens());
        out.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedInputTokens());
        return out;
    }

    /** An Anthropic {@code usage} object; null counts as zero. */
    public static ObjectNode toAnthropic(Usage usage) {
        usage = usage == null ? Usage.ZERO : usage;
        ObjectNode out = Json.object();
        out.put("input_tokens", usage.inputTokens());
        out.put("cache_creation_input_tokens", usage.cacheWriteTokens());
        out.put("cache_read_input_tokens", usage.cachedInputTokens());
        out.put("output_tokens", usage.outputTokens());
        return out;
    }

    private static long nonNegative(long v) {
        return Math.max(0, v);
    }
}
