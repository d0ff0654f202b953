package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * One server-sent event: an optional event name and its data. Data holding line breaks is sent as
 * several {@code data:} lines, which a conforming parser joins back with {@code \n}.
 */
public record SseEvent(String event, String data) {
    /** The sentinel OpenAI sends after the last chunk of a stream. */
    public static final SseEvent DONE = new SseEvent(null, "[DONE]");

    public SseEvent {
        if (data == null) {
            throw new IllegalArgumentException("SSE data must not be null");
        }
        if (event != null && (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("SSE event name must not contain a line break");
        }
    }

    /** An unnamed event whose data is the compact JSON of {@code node}. */
    public static SseEvent json(JsonNode node) {
        return new SseEvent(null, Json.write(node));
    }

    /** A named event whose data is the compact JSON of {@code node}. */
    public static SseEvent json(String event, JsonNode node) {
        return new SseEvent(event, Json.write(node));
    }

    /** True for OpenAI's {@code data: [DONE]} terminator. */
    public boolean isDone() {
        return "[DONE]".equals(data);
    }

    /** The event in wire form: {@code event: X\n} (when named), one {@code data: } line per data line, a blank line. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(data.length() + (event == null ? 8 : event.length() + 16));
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        int start = 0;
        int n = data.length();
        for (int i = 0; i < n; i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                sb.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        sb.append("data: ").append(data, start, n).append("\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
