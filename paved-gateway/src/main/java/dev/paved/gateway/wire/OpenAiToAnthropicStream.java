package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an OpenAI {@code chat.completion.chunk} stream into Anthropic Messages events:
 * {@code message_start}, per content block {@code content_block_start}, deltas and
 * {@code content_block_stop}, then {@code message_delta} and {@code message_stop}. The closing
 * events wait for {@code [DONE]} (or the end of the stream), because OpenAI reports usage in a
 * chunk after the one carrying the finish reason.
 */
public final class OpenAiToAnthropicStream implements StreamTranslator {
    private static final int NO_BLOCK = -1;

    private final String modelAlias;
    private Usage usage;
    private String finishReason;
    private boolean started;
    private boolean finished;
    private boolean complete;
    private boolean sawToken;
    /** Index of the open content block, or NO_BLOCK. */
    private int openBlock = NO_BLOCK;
    /** The OpenAI tool call index of the open block when it is a tool_use block, else -1. */
    private int openTool = -1;
    private int nextBlock;

    /** @param modelAlias the model name the client asked for, reported in {@code message_start} */
    public OpenAiToAnthropicStream(String modelAlias) {
        this.modelAlias = modelAlias;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        if (finished) {
            return List.of();
        }
        List<SseEvent> out = new ArrayList<>(3);
        if (upstream.isDone()) {
            finish(out);
            return out;
        }
        JsonNode chunk = Json.parseOrNull(upstream.data());
        if (chunk == null || !chunk.isObject()) {
            return List.of();
        }
        JsonNode error = chunk.get("error");
        if (error != null && error.isObject()) {
            fail(out, ErrorBodies.anthropicType(ErrorBodies.kindFromType(Json.text(error, "type"))), Json.text(error, "message"));
            return out;
        }
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = Usages.fromOpenAi(u);
        }
        start(chunk, out);
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return out;
        }
        JsonNode delta = choice.path("delta");
        text(Json.text(delta, "content"), out);
        text(Json.text(delta, "refusal"), out);
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call, out);
        }
        String reason = Json.text(choice, "finish_reason");
        if (reason != null) {
            finishReason = reason;
            closeBlock(out);
        }
        return out;
    }

    @Override
    public List<SseEvent> onEnd() {
        if (finished) {
            return List.of();
        }
        List<SseEvent> out = new ArrayList<>(3);
        if (finishReason != null) {
            finish(out);
        } else {
            fail(out, "api_error", "upstream stream ended before the response was complete");
        }
        return out;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return finishReason == null ? null : StopReasons.toAnthropic(finishReason);
    }

    @Override
    public boolean sawFirstToken() {
        return sawToken;
    }

    @Override
    public boolean complete() {
        return complete;
    }

    private void start(JsonNode chunk, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = Json.object().put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", WireIds.anthropicFromOpenAi(Json.text(chunk, "id")));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", modelAlias);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        ObjectNode startUsage = Usages.toAnthropic(usage);
        startUsage.put("output_tokens", 0);
        message.set("usage", startUsage);
        out.add(SseEvent.json("message_start", event));
    }

    private void text(String text, List<SseEvent> out) {
        if (text == null || text.isEmpty()) {
            return;
        }
        sawToken = true;
        if (openBlock == NO_BLOCK || openTool >= 0) {
            closeBlock(out);
            openBlock("{\"type\":\"text\",\"text\":\"\"}", out);
        }
        StringBuilder sb = new StringBuilder(text.length() + 80)
                .append("{\"type\":\"content_block_delta\",\"index\":").append(openBlock)
                .append(",\"delta\":{\"type\":\"text_delta\",\"text\":");
        out.add(new SseEvent("content_block_delta", JsonText.quoted(sb, text).append("}}").toString()));
    }

    private void toolCall(JsonNode call, List<SseEvent> out) {
        int tool = (int) Json.longValue(call, "index", 0);
        JsonNode fn = call.path("function");
        if (openBlock == NO_BLOCK || openTool != tool) {
            closeBlock(out);
            sawToken = true;
            StringBuilder block = new StringBuilder(96).append("{\"type\":\"tool_use\",\"id\":");
            JsonText.quoted(block, WireIds.toolUseId(Json.text(call, "id"))).append(",\"name\":");
            String name = Json.text(fn, "name");
            JsonText.quoted(block, name == null ? "" : name).append(",\"input\":{}}");
            openBlock(block.toString(), out);
            openTool = tool;
        }
        String arguments = Json.text(fn, "arguments");
        if (arguments != null && !arguments.isEmpty()) {
            StringBuilder sb = new StringBuilder(arguments.length() + 96)
                    .append("{\"type\":\"content_block_delta\",\"index\":").append(openBlock)
                    .append(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":");
            out.add(new SseEvent("content_block_delta", JsonText.quoted(sb, arguments).append("}}").toString()));
        }
    }

    private void openBlock(String contentBlockJson, List<SseEvent> out) {
        openBlock = nextBlock++;
        openTool = -1;
        out.add(new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + openBlock
                + ",\"content_block\":" + contentBlockJson + "}"));
    }

    private void closeBlock(List<SseEvent> out) {
        if (openBlock != NO_BLOCK) {
            out.add(new SseEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + openBlock + "}"));
            openBlock = NO_BLOCK;
            openTool = -1;
        }
    }

    private void finish(List<SseEvent> out) {
        finished = true;
        complete = true;
        if (!started) {
            start(Json.object(), out);
        }
        closeBlock(out);
        ObjectNode event = Json.object().put("type", "message_delta");
        event.putObject("delta").put("stop_reason", StopReasons.toAnthropic(finishReason)).putNull("stop_sequence");
        ObjectNode deltaUsage = usage != null ? Usages.toAnthropic(usage) : Json.object().put("output_tokens", 0);
        event.set("usage", deltaUsage);
        out.add(SseEvent.json("message_delta", event));
        out.add(new SseEvent("message_stop", "{\"type\":\"message_stop\"}"));
    }

    private void fail(List<SseEvent> out, String type, String message) {
        finished = true;
        out.add(SseEvent.json("error", ErrorBodies.anthropic(type, message)));
    }
}
