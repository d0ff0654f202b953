package dev.paved.gateway.wire;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental parser of a {@code text/event-stream} body, following the WHATWG rules: lines end in
 * {@code \n}, {@code \r\n} or {@code \r}; {@code :} lines are comments; a line without a colon is a
 * field with an empty value; one space after the colon is dropped; {@code data} lines accumulate
 * joined by {@code \n}; a blank line dispatches the event if it had any {@code data} line;
 * {@code id} and {@code retry} are ignored. Chunks may split the stream anywhere, including inside
 * a multi-byte UTF-8 character, because bytes are only decoded once a whole line is known. Not
 * thread-safe: one parser per stream.
 */
public final class SseParser {
    /** Default cap on one line and on one event's accumulated data, in bytes or chars. */
    public static final int DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final int maxEventSize;
    private byte[] pending = new byte[256];
    private int pendingLen;
    private boolean skipLf;
    private boolean firstLine = true;
    private String eventName;
    private String firstData;
    private StringBuilder moreData;
    private boolean hasData;

    public SseParser() {
        this(DEFAULT_MAX_EVENT_SIZE);
    }

    public SseParser(int maxEventSize) {
        if (maxEventSize <= 0) {
            throw new IllegalArgumentException("maxEventSize must be positive");
        }
        this.maxEventSize = maxEventSize;
    }

    /** Feeds the next chunk and returns the events it completed, possibly none. */
    public List<SseEvent> feed(byte[] chunk) {
        List<SseEvent> out = new ArrayList<>(2);
        feed(chunk, 0, chunk.length, out::add);
        return out;
    }

    /** Feeds {@code len} bytes of {@code chunk} from {@code off}, handing each completed event to {@code sink}. */
    public void feed(byte[] chunk, int off, int len, Consumer<SseEvent> sink) {
        int end = off + len;
        int lineStart = off;
        for (int i = off; i < end; i++) {
            byte b = chunk[i];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    lineStart = i + 1;
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                if (pendingLen == 0) {
                    line(chunk, lineStart, i - lineStart, sink);
                } else {
                    append(chunk, lineStart, i - lineStart);
                    line(pending, 0, pendingLen, sink);
                    pendingLen = 0;
                }
                skipLf = b == '\r';
                lineStart = i + 1;
            }
        }
        if (lineStart < end) {
            append(chunk, lineStart, end - lineStart);
        }
    }

    /**
     * Ends the stream: an unterminated last line is taken as a line, and an event still missing its
     * blank line is dispatched (lenient towards servers that omit the final blank line).
     */
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>(1);
        if (pendingLen > 0) {
            line(pending, 0, pendingLen, out::add);
            pendingLen = 0;
        }
        dispatch(out::add);
        skipLf = false;
        return out;
    }

    private void append(byte[] src, int off, int len) {
        int need = pendingLen + len;
        if (need > maxEventSize) {
            throw tooLarge();
        }
        if (need > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(need, pending.length * 2));
        }
        System.arraycopy(src, off, pending, pendingLen, len);
        pendingLen = need;
    }

    private void line(byte[] buf, int off, int len, Consumer<SseEvent> sink) {
        if (firstLine) {
            firstLine = false;
            if (len >= 3 && buf[off] == (byte) 0xEF && buf[off + 1] == (byte) 0xBB && buf[off + 2] == (byte) 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) {
            dispatch(sink);
            return;
        }
        if (buf[off] == ':') {
            return;
        }
        int colon = -1;
        for (int i = off, end = off + len; i < end; i++) {
            if (buf[i] == ':') {
                colon = i;
                break;
            }
        }
        int nameLen = colon < 0 ? len : colon - off;
        int valueStart = colon < 0 ? off + len : colon + 1;
        if (valueStart < off + len && buf[valueStart] == ' ') {
            valueStart++;
        }
        int valueLen = off + len - valueStart;
        if (nameIs(buf, off, nameLen, DATA)) {
            addData(new String(buf, valueStart, valueLen, StandardCharsets.UTF_8));
        } else if (nameIs(buf, off, nameLen, EVENT)) {
            eventName = valueLen == 0 ? null : new String(buf, valueStart, valueLen, StandardCharsets.UTF_8);
        }
    }

    private void addData(String value) {
        if (!hasData) {
            hasData = true;
            firstData = value;
            return;
        }
        if (moreData == null) {
            moreData = new StringBuilder(firstData.length() + value.length() + 16).append(firstData);
        }
        if (moreData.length() + 1 + value.length() > maxEventSize) {
            throw tooLarge();
        }
        moreData.append('\n').append(value);
    }

    private void dispatch(Consumer<SseEvent> sink) {
        if (hasData) {
            String data = moreData == null ? firstData : moreData.toString();
            sink.accept(new SseEvent(eventName, data));
        }
        eventName = null;
        firstData = null;
        moreData = null;
        hasData = false;
    }

    private static boolean nameIs(byte[] buf, int off, int len, byte[] name) {
        return len == name.length && Arrays.equals(buf, off, off + len, name, 0, name.length);
    }

    private PavedException tooLarge() {
        return new PavedException(ErrorKind.UPSTREAM,
                "upstream sent a server-sent event larger than " + maxEventSize + " bytes", null, "sse_event_too_large");
    }
}
