package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the answer text out of a stream of server-sent events in the caller's format as it passes: OpenAI
 * {@code choices[].delta.content}, Anthropic {@code content_block_delta} text deltas. Events may be split
 * across writes; an incomplete line is kept until the rest arrives.
 */
final class SseTextTap {
    private final WireFormat format;
    private final StringBuilder carry = new StringBuilder();

    SseTextTap(WireFormat format) {
        this.format = format;
    }

    /** The answer text carried by the complete events of {@code chunk} (and of earlier partial lines). */
    String feed(Buffer chunk) {
        carry.append(chunk.toString(StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        int start = 0;
        int nl;
        while ((nl = carry.indexOf("\n", start)) >= 0) {
            String line = carry.substring(start, nl).strip();
            start = nl + 1;
            if (line.startsWith("data:")) {
                delta(line.substring(5).strip(), text);
            }
        }
        carry.delete(0, start);
        return text.toString();
    }

    private void delta(String data, StringBuilder out) {
        if (data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        JsonNode n = Json.parseOrNull(data);
        if (n == null) {
            return;
        }
        if (format == WireFormat.OPENAI) {
            for (JsonNode choice : n.path("choices")) {
                JsonNode c = choice.path("delta").path("content");
                if (c.isTextual()) {
                    out.append(c.asText());
                }
            }
        } else if (n.path("type").asText("").equals("content_block_delta")) {
            JsonNode t = n.path("delta").path("text");
            if (t.isTextual()) {
                out.append(t.asText());
            }
        }
    }
}
