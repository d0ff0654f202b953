package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.Usage;

/**
 * Scans a forwarded OpenAI chunk stream: only chunks carrying a usage object or a finish reason are
 * parsed; first output is detected on the raw text.
 */
public final class OpenAiStreamUsageScanner implements StreamUsageScanner {
    private Usage usage;
    private String finishReason;
    private boolean sawToken;
    private boolean complete;

    @Override
    public void accept(SseEvent event) {
        String data = event.data();
        if (event.isDone()) {
            complete = true;
            return;
        }
        if (!sawToken && (JsonScan.hasNonEmptyString(data, "\"content\"")
                || JsonScan.valueStartsWith(data, "\"tool_calls\"", '[')
                || JsonScan.hasNonEmptyString(data, "\"refusal\"")
                || JsonScan.hasNonEmptyString(data, "\"reasoning_content\""))) {
            sawToken = true;
        }
        boolean hasUsage = JsonScan.valueStartsWith(data, "\"usage\"", '{');
        boolean hasFinish = JsonScan.valueStartsWith(data, "\"finish_reason\"", '"');
        if (!hasUsage && !hasFinish) {
            return;
        }
        JsonNode chunk = Json.parseOrNull(data);
        if (chunk == null) {
            return;
        }
        if (hasUsage) {
            usage = Usages.fromOpenAi(chunk.get("usage"));
        }
        String reason = Json.text(chunk.path("choices").path(0), "finish_reason");
        if (reason != null) {
            finishReason = reason;
            complete = true;
        }
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return finishReason;
    }

    @Override
    public boolean sawFirstToken() {
        return sawToken;
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
