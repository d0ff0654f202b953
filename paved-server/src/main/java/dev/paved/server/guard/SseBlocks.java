package dev.paved.server.guard;

import dev.paved.gateway.wire.SseEvent;
import dev.paved.gateway.wire.SseParser;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a {@code text/event-stream} body into its blocks (the lines up to and including a blank line) as the
 * bytes arrive, split anywhere, even inside a UTF-8 character. Each block keeps its bytes as sent, so a block
 * that is passed on unchanged keeps its comments, ids and line endings, and comes with its parsed event
 * (null for a block of comments only).
 */
final class SseBlocks {
    /** One block: its bytes, and its event or null. */
    record Block(Buffer bytes, SseEvent event) {
    }

    private final SseParser parser = new SseParser();
    private Buffer carry = Buffer.buffer();
    /** Where the next line starts in {@link #carry}, and whether the line before it was blank (or the block is empty). */
    private int lineStart;
    private int scanned;

    /** The blocks completed by {@code chunk}, in order. */
    List<Block> feed(Buffer chunk) {
        carry.appendBuffer(chunk);
        List<Block> out = new ArrayList<>(2);
        int n = carry.length();
        int blockStart = 0;
        int i = scanned;
        while (i < n) {
            byte b = carry.getByte(i);
            if (b != '\n' && b != '\r') {
                i++;
                continue;
            }
            int end = i + 1;
            if (b == '\r') {
                if (i + 1 >= n) {
                    break; // a CR as the last byte: wait to see whether LF follows
                }
                if (carry.getByte(i + 1) == '\n') {
                    end = i + 2;
                }
            }
            boolean blank = i == lineStart;
            lineStart = end;
            i = end;
            if (blank && end > blockStart) {
                out.add(block(carry.getBuffer(blockStart, end)));
                blockStart = end;
            }
        }
        scanned = i;
        if (blockStart > 0) {
            carry = carry.getBuffer(blockStart, n);
            lineStart -= blockStart;
            scanned -= blockStart;
        }
        return out;
    }

    /** What is left when the stream ends: an unfinished last block, or nothing. */
    List<Block> finish() {
        if (carry.length() == 0) {
            return List.of();
        }
        Buffer rest = carry;
        carry = Buffer.buffer();
        lineStart = 0;
        scanned = 0;
        List<SseEvent> events = parser.feed(rest.getBytes());
        List<SseEvent> last = parser.finish();
        SseEvent e = !events.isEmpty() ? events.get(0) : last.isEmpty() ? null : last.get(0);
        return List.of(new Block(rest, e));
    }

    private Block block(Buffer bytes) {
        List<SseEvent> events = parser.feed(bytes.getBytes());
        return new Block(bytes, events.isEmpty() ? null : events.get(0));
    }
}
