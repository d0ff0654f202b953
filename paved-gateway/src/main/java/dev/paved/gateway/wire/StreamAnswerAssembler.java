package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Usage;
import dev.paved.gateway.WireFormat;

/**
 * Rebuilds the non-stream answer a streamed one stands for, from the server-sent events in the caller's format:
 * OpenAI {@code chat.completion.chunk}s become one {@code chat.completion}, Anthropic's event sequence one
 * {@code message}. Only plain text answers of one choice that ended normally are rebuilt: a stream that carried tool
 * calls, an error event, a content-filter or refusal stop, or no stop at all yields nothing, so it is never cached.
 */
public final class StreamAnswerAssembler {
    private final WireFormat format;
    private final SseParser parser = new SseParser();
    private final StringBuilder text = new StringBuilder();
    private String id;
    private String model;
    private long created;
    private String stop;
    private boolean unusable;

    public StreamAnswerAssembler(WireFormat format) {
        this.format = format;
    }

    /** Feeds the next bytes written to the caller. */
    public void feed(byte[] sse) {
        if (!unusable) {
            parser.feed(sse, 0, sse.length, this::event);
        }
    }

    private void event(SseEvent e) {
        if (unusable || e.isDone()) {
            return;
        }
        if ("error".equals(e.event())) {
            unusable = true;
            return;
        }
        JsonNode n = Json.parseOrNull(e.data());
        if (n == null || n.has("error")) {
            unusable = true;
            return;
        }
        if (format == WireFormat.OPENAI) {
            openAi(n);
        } else {
            anthropic(n);
        }
    }

    private void openAi(JsonNode chunk) {
        id = chunk.path("id").asText(id);
        model = chunk.path("model").asText(model);
        created = chunk.path("created").asLong(created);
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0 || choice.path("delta").has("tool_calls")) {
                unusable = true;
                return;
            }
            JsonNode content = choice.path("delta").path("content");
            if (content.isTextual()) {
                text.append(content.asText());
            }
            JsonNode finish = choice.path("finish_reason");
            if (finish.isTextual()) {
                stop = finish.asText();
            }
        }
    }

    private void anthropic(JsonNode event) {
        switch (event.path("type").asText("")) {
            case "message_start" -> {
                id = event.path("message").path("id").asText(null);
                model = event.path("message").path("model").asText(null);
            }
            case "content_block_start" -> {
                if (!event.path("content_block").path("type").asText("").equals("text")) {
                    unusable = true;
                }
            }
            case "content_block_delta" -> {
                JsonNode t = event.path("delta").path("text");
                if (t.isTextual()) {
                    text.append(t.asText());
                }
            }
            case "message_delta" -> {
                JsonNode s = event.path("delta").path("stop_reason");
                if (s.isTextual()) {
                    stop = s.asText();
                }
            }
            default -> {
            }
        }
    }

    /**
     * The non-stream answer, with {@code usage} as the call recorded it, or null when the stream must not be cached
     * (see the class comment).
     */
    public ObjectNode answer(Usage usage) {
        if (unusable || stop == null || id == null || stop.equals("content_filter") || stop.equals("refusal")) {
            return null;
        }
        ObjectNode out = Json.object();
        if (format == WireFormat.OPENAI) {
            out.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
            ObjectNode choice = out.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text.toString());
            choice.put("finish_reason", stop);
            out.putObject("usage").put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.outputTokens())
                    .put("total_tokens", usage.totalTokens());
        } else {
            out.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
            out.putArray("content").addObject().put("type", "text").put("text", text.toString());
            out.put("stop_reason", stop).putNull("stop_sequence");
            ObjectNode u = out.putObject("usage").put("input_tokens", usage.inputTokens()).put("output_tokens", usage.outputTokens());
            if (usage.cachedInputTokens() > 0 || usage.cacheWriteTokens() > 0) {
                u.put("cache_read_input_tokens", usage.cachedInputTokens()).put("cache_creation_input_tokens", usage.cacheWriteTokens());
            }
        }
        return out;
    }
}
