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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output stage on a streamed answer in the caller's format. Each text of the answer goes through its own
 * {@link StreamRedactor} ({@link StreamPart}): per OpenAI choice its {@code delta.content}, its
 * {@code delta.reasoning_content} and, per tool call, its {@code function.arguments}; per Anthropic content block
 * its {@code text_delta}s, {@code thinking_delta}s or {@code input_json_delta}s. Tool-call arguments are JSON and
 * are checked as such ({@link dev.paved.guard.output.JsonText}). What a text releases is sent as events of the same
 * kind (an OpenAI chunk with the upstream's id, model and created and the same choice and tool-call index; an
 * Anthropic delta of the same type and index), redacted and, for reversible policies, with the request's
 * placeholders put back. A tool call's head (id, name) goes out at once, with its arguments held like text.
 * Events that end a text (a finish reason, a new tool call, another text of the same choice, usage,
 * {@code [DONE]}, {@code content_block_stop}, a thinking block's {@code signature_delta}, {@code message_delta},
 * {@code message_stop}, errors) first release what is held, then pass; events that carry nothing ({@code ping},
 * a role-only chunk, comments) pass at once without releasing held text, which would cut it.
 */
final class GuardedStream {
    private final WireFormat format;
    private final GuardChain chain;
    private final ScanContext scan;
    private final boolean restore;
    private final StageTally tally;
    private final SseBlocks blocks = new SseBlocks();
    /** Per text, in choice or block order. */
    private final Map<StreamPart, StreamRedactor> texts = new TreeMap<>(StreamPart.ORDER);
    /** Per OpenAI choice, the text its last delta carried: a delta of another text of the choice ends it. */
    private final Map<Integer, StreamPart> current = new HashMap<>();
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
        List<OpenAiChunks.Piece> pieces = OpenAiChunks.pieces(chunk);
        List<Integer> newTools = OpenAiChunks.choicesWithToolHeads(chunk);
        boolean ends = OpenAiChunks.ends(chunk);
        if (pieces.isEmpty()) {
            if (ends || !newTools.isEmpty()) {
                List<Integer> choices = OpenAiChunks.choices(chunk);
                if (choices.isEmpty()) {
                    releaseAll(out);
                }
                for (int i : choices) {
                    releaseChoice(i, out);
                }
            }
            pass(b, out); // a role-only chunk, a tool call's head, or the end of a choice
            return;
        }
        for (int i : newTools) {
            releaseChoice(i, out);
        }
        if (blocked) {
            return;
        }
        if (!newTools.isEmpty() || OpenAiChunks.hasRole(chunk)) {
            write(out, b.event().event(), OpenAiChunks.heads(chunk)); // the role or tool-call head goes out now; the text may be held
        }
        for (OpenAiChunks.Piece p : pieces) {
            StreamPart before = current.put(p.part().index(), p.part());
            if (before != null && !before.equals(p.part())) {
                release(before, out);
            }
            feed(p.part(), p.text(), b.event().event(), out);
            if (blocked) {
                return;
            }
        }
        if (ends) {
            List<Integer> choices = OpenAiChunks.choices(chunk);
            for (int i : choices) {
                releaseChoice(i, out);
            }
            if (!blocked) {
                write(out, b.event().event(), OpenAiChunks.withoutParts(chunk));
            }
        }
    }

    private void anthropic(SseBlocks.Block b, ObjectNode event, Buffer out) {
        switch (event.path("type").asText("")) {
            case "content_block_delta" -> {
                JsonNode delta = event.path("delta");
                int i = event.path("index").asInt(0);
                String type = delta.path("type").asText("");
                StreamPart.Kind kind = switch (type) {
                    case "text_delta" -> StreamPart.Kind.TEXT;
                    case "thinking_delta" -> StreamPart.Kind.THINKING;
                    case "input_json_delta" -> StreamPart.Kind.JSON;
                    default -> null;
                };
                JsonNode text = delta.path(AnthropicDeltas.field(kind));
                if (kind == null || !text.isTextual()) {
                    if (type.equals("signature_delta")) {
                        releaseBlock(i, out); // the thinking is complete: its held end goes out before its signature
                    }
                    pass(b, out); // a citation, or another delta with no text of ours
                    return;
                }
                feed(StreamPart.text(i, kind), text.asText(), b.event().event(), out);
            }
            case "ping", "content_block_start" -> out.appendBuffer(b.bytes());
            case "content_block_stop" -> {
                releaseBlock(event.path("index").asInt(0), out);
                pass(b, out);
            }
            default -> {
                releaseAll(out);
                pass(b, out);
            }
        }
    }

    /** Feeds {@code text} to its part's redactor and writes what it releases. */
    private void feed(StreamPart part, String text, String eventName, Buffer out) {
        String released = released(redactor(part).feed(text));
        if (!blocked && !released.isEmpty()) {
            write(out, eventName, event(part, released));
        }
    }

    /** An event of the caller's format carrying {@code text} of {@code part}. */
    private ObjectNode event(StreamPart part, String text) {
        return format == WireFormat.OPENAI ? OpenAiChunks.part(template, part, text) : AnthropicDeltas.delta(part, text);
    }

    private StreamRedactor redactor(StreamPart part) {
        return texts.computeIfAbsent(part, p -> new StreamRedactor(chain, scan, restore, p.kind() == StreamPart.Kind.JSON));
    }

    /** Releases what {@code part} holds, as an event of its own. */
    private void release(StreamPart part, Buffer out) {
        StreamRedactor r = texts.get(part);
        if (r == null || blocked) {
            return;
        }
        String text = released(r.flush());
        if (!blocked && !text.isEmpty()) {
            write(out, format == WireFormat.OPENAI ? null : "content_block_delta", event(part, text));
        }
    }

    /** Releases every text of OpenAI choice {@code index}. */
    private void releaseChoice(int index, Buffer out) {
        for (StreamPart p : new ArrayList<>(texts.keySet())) {
            if (p.index() == index) {
                release(p, out);
            }
        }
    }

    /** Releases the text of Anthropic content block {@code index}. */
    private void releaseBlock(int index, Buffer out) {
        releaseChoice(index, out);
    }

    private void releaseAll(Buffer out) {
        for (StreamPart p : new ArrayList<>(texts.keySet())) {
            release(p, out);
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
