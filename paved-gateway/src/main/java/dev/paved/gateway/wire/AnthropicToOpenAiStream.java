package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.Usage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an Anthropic Messages event stream into OpenAI {@code chat.completion.chunk} events: a first
 * chunk with the assistant role, content and tool call deltas, a chunk with the finish reason, a
 * usage chunk with empty choices when the client asked for usage, then {@code [DONE]}.
 */
public final class AnthropicToOpenAiStream implements StreamTranslator {
    private final boolean includeUsage;
    private final String chunkPrefix;
    private final String chunkSuffix;
    private final String finalSuffix;
    private final String usagePrefix;

    private Usage usage;
    private String stopReason;
    private boolean started;
    private boolean finished;
    private boolean complete;
    private boolean sawToken;
    /** OpenAI tool call index per Anthropic content block index; -1 where the block is no tool call. */
    private int[] toolIndexByBlock = new int[0];
    private int tools;

    /**
     * @param id           the {@code chatcmpl-…} id every chunk carries
     * @param modelAlias   the model name the client asked for
     * @param includeUsage whether the client set {@code stream_options.include_usage}
     */
    public AnthropicToOpenAiStream(String id, String modelAlias, boolean includeUsage) {
        this(id, modelAlias, includeUsage, System.currentTimeMillis() / 1000);
    }

    AnthropicToOpenAiStream(String id, String modelAlias, boolean includeUsage, long createdEpochSeconds) {
        this.includeUsage = includeUsage;
        StringBuilder head = new StringBuilder(96).append("{\"id\":");
        JsonText.quoted(head, id).append(",\"object\":\"chat.completion.chunk\",\"created\":").append(createdEpochSeconds);
        JsonText.quoted(head.append(",\"model\":"), modelAlias);
        this.usagePrefix = head + ",\"choices\":[],\"usage\":";
        this.chunkPrefix = head + ",\"choices\":[{\"index\":0,\"delta\":";
        String usageNull = includeUsage ? ",\"usage\":null}" : "}";
        this.chunkSuffix = ",\"logprobs\":null,\"finish_reason\":null}]" + usageNull;
        this.finalSuffix = usageNull;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstream) {
        if (finished || "ping".equals(upstream.event())) {
            return List.of();
        }
        JsonNode data = Json.parseOrNull(upstream.data());
        if (data == null || !data.isObject()) {
            return List.of();
        }
        String type = upstream.event() != null ? upstream.event() : Json.text(data, "type");
        List<SseEvent> out = new ArrayList<>(2);
        switch (type == null ? "" : type) {
            case "message_start" -> {
                usage = Usages.fromAnthropic(data.path("message").get("usage"));
                start(out);
            }
            case "content_block_start" -> blockStart(data, out);
            case "content_block_delta" -> blockDelta(data, out);
            case "message_delta" -> {
                String reason = Json.text(data.path("delta"), "stop_reason");
                if (reason != null) {
                    stopReason = reason;
                }
                usage = Usages.mergeAnthropicDelta(usage, data.get("usage"));
            }
            case "message_stop" -> finish(out);
            case "error" -> {
                JsonNode error = data.path("error");
                fail(out, ErrorBodies.kindFromType(Json.text(error, "type")), Json.text(error, "message"));
            }
            default -> {
                // content_block_stop and unknown event types need no output
            }
        }
        return out;
    }

    @Override
    public List<SseEvent> onEnd() {
        if (finished) {
            return List.of();
        }
        List<SseEvent> out = new ArrayList<>(3);
        if (stopReason != null) {
            finish(out);
        } else {
            fail(out, ErrorKind.UPSTREAM, "upstream stream ended before the response was complete");
        }
        return out;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return stopReason == null ? null : StopReasons.toOpenAi(stopReason);
    }

    @Override
    public boolean sawFirstToken() {
        return sawToken;
    }

    @Override
    public boolean complete() {
        return complete;
    }

    private void blockStart(JsonNode data, List<SseEvent> out) {
        JsonNode block = data.path("content_block");
        String type = Json.text(block, "type");
        if ("text".equals(type)) {
            String text = Json.text(block, "text");
            start(out);
            if (text != null && !text.isEmpty()) {
                content(text, out);
            }
        } else if ("tool_use".equals(type)) {
            start(out);
            int tool = tools++;
            rememberTool((int) Json.longValue(data, "index", 0), tool);
            sawToken = true;
            StringBuilder delta = new StringBuilder(96).append("{\"tool_calls\":[{\"index\":").append(tool);
            JsonText.quoted(delta.append(",\"id\":"), Json.text(block, "id")).append(",\"type\":\"function\"");
            JsonText.quoted(delta.append(",\"function\":{\"name\":"), Json.text(block, "name"));
            delta.append(",\"arguments\":\"\"}}]}");
            out.add(chunk(delta));
        }
    }

    private void blockDelta(JsonNode data, List<SseEvent> out) {
        JsonNode delta = data.path("delta");
        String type = Json.text(delta, "type");
        if ("text_delta".equals(type)) {
            String text = Json.text(delta, "text");
            if (text != null && !text.isEmpty()) {
                start(out);
                content(text, out);
            }
        } else if ("input_json_delta".equals(type)) {
            int block = (int) Json.longValue(data, "index", -1);
            int tool = block >= 0 && block < toolIndexByBlock.length ? toolIndexByBlock[block] : -1;
            String json = Json.text(delta, "partial_json");
            if (tool >= 0 && json != null && !json.isEmpty()) {
                StringBuilder sb = new StringBuilder(json.length() + 64).append("{\"tool_calls\":[{\"index\":").append(tool);
                JsonText.quoted(sb.append(",\"function\":{\"arguments\":"), json).append("}}]}");
                out.add(chunk(sb));
            }
        }
    }

    private void content(String text, List<SseEvent> out) {
        sawToken = true;
        StringBuilder delta = new StringBuilder(text.length() + 16).append("{\"content\":");
        out.add(chunk(JsonText.quoted(delta, text).append('}')));
    }

    private void start(List<SseEvent> out) {
        if (!started) {
            started = true;
            out.add(chunk(new StringBuilder("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}")));
        }
    }

    private void finish(List<SseEvent> out) {
        start(out);
        finished = true;
        complete = true;
        if (stopReason == null) {
            stopReason = "end_turn";
        }
        out.add(new SseEvent(null, chunkPrefix + "{},\"logprobs\":null,\"finish_reason\":\""
                + StopReasons.toOpenAi(stopReason) + "\"}]" + finalSuffix));
        if (includeUsage) {
            out.add(new SseEvent(null, usagePrefix + Json.write(Usages.toOpenAi(usage)) + "}"));
        }
        out.add(SseEvent.DONE);
    }

    private void fail(List<SseEvent> out, ErrorKind kind, String message) {
        finished = true;
        out.add(SseEvent.json(ErrorBodies.openAi(kind, message, null, null)));
        out.add(SseEvent.DONE);
    }

    private SseEvent chunk(StringBuilder delta) {
        return new SseEvent(null, new StringBuilder(chunkPrefix.length() + delta.length() + chunkSuffix.length())
                .append(chunkPrefix).append(delta).append(chunkSuffix).toString());
    }

    private void rememberTool(int block, int tool) {
        if (block < 0) {
            return;
        }
        if (block >= toolIndexByBlock.length) {
            int old = toolIndexByBlock.length;
            toolIndexByBlock = Arrays.copyOf(toolIndexByBlock, Math.max(block + 1, old * 2 + 4));
            Arrays.fill(toolIndexByBlock, old, toolIndexByBlock.length, -1);
        }
        toolIndexByBlock[block] = tool;
    }
}
