package dev.paved.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * Replays a complete answer as the stream its API would have sent: OpenAI chunks ending in
 * {@code [DONE]} (with a usage chunk when the caller asked for one), or Anthropic's event sequence
 * from {@code message_start} to {@code message_stop}. Text is sent in word-sized pieces so clients
 * render it as they would a live stream.
 */
public final class AnswerStreams {
    private static final int PIECE = 24;

    private AnswerStreams() {
    }

    public static Buffer toSse(WireFormat format, ObjectNode response, boolean includeUsage) {
        return format == WireFormat.OPENAI ? openAi(response, includeUsage) : anthropic(response);
    }

    private static Buffer openAi(ObjectNode r, boolean includeUsage) {
        Buffer out = Buffer.buffer();
        JsonNode choice = r.path("choices").path(0);
        JsonNode message = choice.path("message");
        out.appendBytes(SseEvent.json(chunk(r, delta("role", "assistant"), null)).encode());
        String content = message.path("content").asText("");
        for (String piece : pieces(content)) {
            out.appendBytes(SseEvent.json(chunk(r, delta("content", piece), null)).encode());
        }
        if (message.get("tool_calls") instanceof ArrayNode calls) {
            for (int i = 0; i < calls.size(); i++) {
                ObjectNode call = ((ObjectNode) calls.get(i)).deepCopy();
                call.put("index", i);
                ObjectNode d = Json.object();
                d.putArray("tool_calls").add(call);
                out.appendBytes(SseEvent.json(chunk(r, d, null)).encode());
            }
        }
        out.appendBytes(SseEvent.json(chunk(r, Json.object(), choice.path("finish_reason").asText("stop"))).encode());
        if (includeUsage && r.has("usage")) {
            ObjectNode u = base(r);
            u.putArray("choices");
            u.set("usage", r.get("usage"));
            out.appendBytes(SseEvent.json(u).encode());
        }
        out.appendBytes(SseEvent.DONE.encode());
        return out;
    }

    private static ObjectNode base(ObjectNode r) {
        ObjectNode c = Json.object();
        c.put("id", r.path("id").asText());
        c.put("object", "chat.completion.chunk");
        c.put("created", r.path("created").asLong());
        c.put("model", r.path("model").asText());
        return c;
    }

    private static ObjectNode chunk(ObjectNode r, ObjectNode delta, String finish) {
        ObjectNode c = base(r);
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return c;
    }

    private static ObjectNode delta(String field, String value) {
        ObjectNode d = Json.object();
        d.put(field, value);
        return d;
    }

    private static Buffer anthropic(ObjectNode r) {
        Buffer out = Buffer.buffer();
        ObjectNode start = Json.object();
        start.put("type", "message_start");
        ObjectNode msg = start.putObject("message");
        msg.put("id", r.path("id").asText());
        msg.put("type", "message");
        msg.put("role", "assistant");
        msg.putArray("content");
        msg.put("model", r.path("model").asText());
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        ObjectNode usage = msg.putObject("usage");
        usage.put("input_tokens", r.path("usage").path("input_tokens").asLong());
        usage.put("output_tokens", 0);
        out.appendBytes(SseEvent.json("message_start", start).encode());
        JsonNode content = r.path("content");
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String type = block.path("type").asText();
            ObjectNode begin = Json.object();
            begin.put("type", "content_block_start");
            begin.put("index", i);
            ObjectNode cb = begin.putObject("content_block");
            cb.put("type", type);
            if ("tool_use".equals(type)) {
                cb.put("id", block.path("id").asText());
                cb.put("name", block.path("name").asText());
                cb.putObject("input");
            } else {
                cb.put("text", "");
            }
            out.appendBytes(SseEvent.json("content_block_start", begin).encode());
            if ("tool_use".equals(type)) {
                out.appendBytes(SseEvent.json("content_block_delta", blockDelta(i, "input_json_delta", "partial_json",
                        Json.write(block.path("input")))).encode());
            } else {
                for (String piece : pieces(block.path("text").asText(""))) {
                    out.appendBytes(SseEvent.json("content_block_delta", blockDelta(i, "text_delta", "text", piece)).encode());
                }
            }
            ObjectNode stop = Json.object();
            stop.put("type", "content_block_stop");
            stop.put("index", i);
            out.appendBytes(SseEvent.json("content_block_stop", stop).encode());
        }
        ObjectNode md = Json.object();
        md.put("type", "message_delta");
        ObjectNode d = md.putObject("delta");
        d.put("stop_reason", r.path("stop_reason").asText("end_turn"));
        d.set("stop_sequence", r.path("stop_sequence").isMissingNode() ? Json.MAPPER.nullNode() : r.get("stop_sequence"));
        md.putObject("usage").put("output_tokens", r.path("usage").path("output_tokens").asLong());
        out.appendBytes(SseEvent.json("message_delta", md).encode());
        ObjectNode end = Json.object();
        end.put("type", "message_stop");
        out.appendBytes(SseEvent.json("message_stop", end).encode());
        return out;
    }

    private static ObjectNode blockDelta(int index, String type, String field, String value) {
        ObjectNode e = Json.object();
        e.put("type", "content_block_delta");
        e.put("index", index);
        ObjectNode d = e.putObject("delta");
        d.put("type", type);
        d.put(field, value);
        return e;
    }

    /** Splits text at spaces into pieces of about {@value #PIECE} characters; joined they give the text back. */
    static java.util.List<String> pieces(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + PIECE);
            if (end < text.length()) {
                int space = text.indexOf(' ', end);
                end = space < 0 ? text.length() : space + 1;
            }
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }
}
