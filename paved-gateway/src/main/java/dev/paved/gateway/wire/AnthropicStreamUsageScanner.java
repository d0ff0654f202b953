package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.Usage;

/**
 * Scans a forwarded Anthropic event stream: only {@code message_start} and {@code message_delta}
 * (one each per stream) are parsed; first output is detected from event names.
 */
public final class AnthropicStreamUsageScanner implements StreamUsageScanner {
    private Usage usage;
    private String stopReason;
    private boolean sawToken;

    @Override
    public void accept(SseEvent event) {
        String type = event.event();
        JsonNode data = null;
        if (type == null) {
            data = Json.parseOrNull(event.data());
            type = Json.text(data, "type");
            if (type == null) {
                return;
            }
        }
        switch (type) {
            case "content_block_delta" -> sawToken = true;
            case "content_block_start" -> {
                if (!sawToken && event.data().contains("\"tool_use\"")) {
                    sawToken = true;
                }
            }
            case "message_start" -> {
                data = data != null ? data : Json.parseOrNull(event.data());
                if (data != null) {
                    usage = Usages.fromAnthropic(data.path("message").get("usage"));
                }
            }
            case "message_delta" -> {
                data = data != null ? data : Json.parseOrNull(event.data());
                if (data != null) {
                    String reason = Json.text(data.path("delta"), "stop_reason");
                    if (reason != null) {
                        stopReason = reason;
                    }
                    usage = Usages.mergeAnthropicDelta(usage, data.get("usage"));
                }
            }
            default -> {
                // ping, content_block_stop, message_stop and error carry no usage
            }
        }
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return stopReason;
    }

    @Override
    public boolean sawFirstToken() {
        return sawToken;
    }

    @Override
    public boolean complete() {
        return stopReason != null;
    }
}
