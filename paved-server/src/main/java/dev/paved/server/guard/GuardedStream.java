package dev.paved.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.SseEvent;
import dev.paved.guard.GuardChain;
import dev.paved.guard.ScanContext;
import dev.paved.guard.ScanResult;
import dev.paved.guard.output.StreamRedactor;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output stage on a streamed answer in the caller's format. The answer text of each choice (OpenAI
 * {@code choices[i].delta.content}) or content block (Anthropic {@code content_block_delta} text deltas at index
 * {@code i}) goes through its own {@link StreamRedactor}; what it releases is sent as events of the same kind (an
 * OpenAI chunk with the upstream's id, model and created; an Anthropic text delta with the same index), redacted
 * and, for reversible policies, with the request's placeholders put back. Events that end a text (a finish
 * reason, tool calls, usage, {@code [DONE]}, {@code content_block_stop}, {@code message_delta},
 * {@code message_stop}, errors) first release what is held, then pass unchanged; events that carry nothing
 * ({@code ping}, a role-only chunk, comments) pass at once without releasing held text, which would cut it.
 */
final class GuardedStream {
    private final WireFormat format;
    private final GuardChain chain;
    private final ScanContext scan;
    private final boolean restore;
    private final StageTally tally;
    private final SseBlocks blocks = new SseBlocks();
    /** Per choice or content block index, in index order. */
    private final Map<Integer, StreamRedactor> texts = new TreeMap<>();
    /** The last OpenAI chunk: what a chunk written here copies its id, model and created from. */
    private ObjectNode template;
    private boolean blocked;

    GuardedStream(WireFormat format, GuardChain chain, ScanContext scan, boolean restore, StageTally tally) {
        this.format = format;
        this.chain = chain;
        this.scan = scan;
        this.restore = restore;
        this.tally = tally;
    }

    /** The bytes to send for {@code bytes} from upstream: complete events only, text rewritten. */
    Buffer rewrite(Buffer bytes) {
        Buffer out = Buffer.buffer(bytes.length() + 64);
        for (SseBlocks.Block b : blocks.feed(bytes)) {
            if (blocked) {
                break;
            }
            handle(b, out);
        }
        return out;
    }

    /** The stream ended: an unterminated last event handled, and what is still held, released. */
    Buffer finish() {
        Buffer out = Buffer.buffer();
        for (SseBlocks.Block b : blocks.finish()) {
            if (!blocked) {
                handle(b, out);
            }
        }
        releaseAll(out);
        return out;
    }

    /** True once the output chain blocked: nothing more may be sent. */
    boolean blocked() {
        return blocked;
    }

    private void handle(SseBlocks.Block b, Buffer out) {
        SseEvent e = b.event();
        if (e == null) {
            out.appendBuffer(b.bytes());
            return;
        }
        JsonNode n = e.isDone() ? null : Json.parseOrNull(e.data().getBytes(StandardCharsets.UTF_8));
        if (!(n instanceof ObjectNode event)) {
            releaseAll(out);
            pass(b, out);
            return;
        }
        if (format == WireFormat.OPENAI) {
            openAi(b, event, out);
        } else {
            anthropic(b, event, out);
        }
    }

    private void openAi(SseBlocks.Block b, ObjectNode chunk, Buffer out) {
        if (!chunk.path("choices").isArray()) {
            releaseAll(out);
            pass(b, out);
            return;
        }
        template = chunk;
        if (OpenAiChunks.textOnly(chunk)) {
            if (!OpenAiChunks.hasText(chunk)) {
                out.appendBuffer(b.bytes());
                return;
            }
            if (OpenAiChunks.hasRole(chunk)) {
                write(out, b.event().event(), OpenAiChunks.roleOnly(chunk)); // the role opens the answer now; its text may be held
            }
            for (JsonNode choice : chunk.path("choices")) {
                String t = OpenAiChunks.content(choice);
                if (t != null && !t.isEmpty()) {
                    int i = choice.path("index").asInt(0);
                    String released = released(redactor(i).feed(t));
                    if (blocked) {
                        return;
                    }
                    if (!released.isEmpty()) {
                        write(out, b.event().event(), OpenAiChunks.text(chunk, i, released));
                    }
                }
            }
            return;
        }
        Map<Integer, String> ended = new TreeMap<>();
        boolean hadText = false;
        for (JsonNode choice : chunk.path("choices")) {
            int i = choice.path("index").asInt(0);
            String t = OpenAiChunks.content(choice);
            hadText |= t != null && !t.isEmpty();
            ended.put(i, t == null || t.isEmpty() ? "" : released(redactor(i).feed(t)));
            if (blocked) {
                return;
            }
        }
        if (ended.isEmpty()) {
            releaseAll(out);
        }
        for (Map.Entry<Integer, String> e : ended.entrySet()) {
            release(e.getKey(), e.getValue(), out);
        }
        if (blocked) {
            return;
        }
        if (hadText) {
            write(out, b.event().event(), OpenAiChunks.withoutText(chunk));
        } else {
            out.appendBuffer(b.bytes());
        }
    }

    private void anthropic(SseBlocks.Block b, ObjectNode event, Buffer out) {
        switch (event.path("type").asText("")) {
            case "content_block_delta" -> {
                JsonNode delta = event.path("delta");
                if (!"text_delta".equals(delta.path("type").asText()) || !delta.path("text").isTextual()) {
                    out.appendBuffer(b.bytes()); // another block's tool input or thinking, or a citation of this one
                    return;
                }
                int i = event.path("index").asInt(0);
                String released = released(redactor(i).feed(delta.path("text").asText()));
                if (!blocked && !released.isEmpty()) {
                    write(out, b.event().event(), textDelta(i, released));
                }
            }
            case "ping", "content_block_start" -> out.appendBuffer(b.bytes());
            case "content_block_stop" -> {
                release(event.path("index").asInt(0), "", out);
                pass(b, out);
            }
            default -> {
                releaseAll(out);
                pass(b, out);
            }
        }
    }

    private static ObjectNode textDelta(int index, String text) {
        ObjectNode e = Json.object();
        e.put("type", "content_block_delta");
        e.put("index", index);
        e.putObject("delta").put("type", "text_delta").put("text", text);
        return e;
    }

    private StreamRedactor redactor(int index) {
        return texts.computeIfAbsent(index, i -> new StreamRedactor(chain, scan, restore));
    }

    /** Releases what the text at {@code index} holds, after {@code before} (released already), as an event of its own. */
    private void release(int index, String before, Buffer out) {
        StreamRedactor r = texts.get(index);
        if (r == null || blocked) {
            return;
        }
        String text = before + released(r.flush());
        if (!blocked && !text.isEmpty()) {
            if (format == WireFormat.OPENAI) {
                write(out, null, OpenAiChunks.text(template, index, text));
            } else {
                write(out, "content_block_delta", textDelta(index, text));
            }
        }
    }

    private void releaseAll(Buffer out) {
        for (int i : new ArrayList<>(texts.keySet())) {
            release(i, "", out);
        }
    }

    private String released(StreamRedactor.Release r) {
        for (GuardChain.Outcome o : r.outcomes()) {
            tally.add(o);
        }
        if (r.probeNanos() > 0) {
            tally.add(ScanResult.allow(""), r.probeNanos());
        }
        if (r.blocked()) {
            blocked = true;
            tally.verdict("block");
        }
        return r.text();
    }

    private void pass(SseBlocks.Block b, Buffer out) {
        if (!blocked) {
            out.appendBuffer(b.bytes());
        }
    }

    private static void write(Buffer out, String eventName, ObjectNode data) {
        out.appendBytes(new SseEvent(eventName, Json.write(data)).encode());
    }
}
