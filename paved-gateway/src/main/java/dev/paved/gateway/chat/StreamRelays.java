package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.Usage;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.AnthropicStreamUsageScanner;
import dev.paved.gateway.wire.AnthropicToOpenAiStream;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.OpenAiStreamUsageScanner;
import dev.paved.gateway.wire.OpenAiToAnthropicStream;
import dev.paved.gateway.wire.SseEvent;
import dev.paved.gateway.wire.SseParser;
import dev.paved.gateway.wire.StreamTranslator;
import dev.paved.gateway.wire.StreamUsageScanner;
import dev.paved.core.Ids;
import io.vertx.core.buffer.Buffer;

/** Picks the relay for a (caller protocol, provider protocol) pair. */
final class StreamRelays {
    private StreamRelays() {
    }

    /**
     * @param clientWantsUsage an OpenAI caller asked for {@code stream_options.include_usage}; the
     *                         gateway always asks the provider for usage, and drops the usage chunk
     *                         again when the caller did not ask for it
     * @param model            the target's model, named in a translated stream as a same-format stream names it
     */
    static StreamRelay create(WireFormat inbound, WireFormat outbound, String model, boolean clientWantsUsage) {
        if (inbound == outbound) {
            boolean dropUsageChunk = inbound == WireFormat.OPENAI && !clientWantsUsage;
            StreamUsageScanner scanner = inbound == WireFormat.OPENAI ? new OpenAiStreamUsageScanner() : new AnthropicStreamUsageScanner();
            return new Passthrough(scanner, dropUsageChunk);
        }
        StreamTranslator t = outbound == WireFormat.ANTHROPIC
                ? new AnthropicToOpenAiStream(Ids.prefixed("chatcmpl"), model, clientWantsUsage)
                : new OpenAiToAnthropicStream(model);
        return new Translating(t);
    }

    /** Forwards the provider's bytes as they are, watching them for usage and the first token. */
    static final class Passthrough implements StreamRelay {
        private final SseParser parser = new SseParser();
        private final StreamUsageScanner scanner;
        private final boolean dropUsageChunk;
        private int contentEvents;

        Passthrough(StreamUsageScanner scanner, boolean dropUsageChunk) {
            this.scanner = scanner;
            this.dropUsageChunk = dropUsageChunk;
        }

        @Override
        public Buffer onChunk(Buffer upstream) {
            byte[] bytes = upstream.getBytes();
            if (!dropUsageChunk) {
                parser.feed(bytes, 0, bytes.length, this::scan);
                return upstream;
            }
            Buffer out = Buffer.buffer(bytes.length);
            parser.feed(bytes, 0, bytes.length, ev -> {
                scan(ev);
                if (!usageOnly(ev)) {
                    out.appendBytes(ev.encode());
                }
            });
            return out.length() == 0 ? null : out;
        }

        private void scan(SseEvent ev) {
            scanner.accept(ev);
            if (!ev.isDone()) {
                contentEvents++;
            }
        }

        /** OpenAI's closing usage chunk: {@code choices} empty and {@code usage} set. */
        private static boolean usageOnly(SseEvent ev) {
            String data = ev.data();
            if (data == null || !data.contains("\"usage\"") || !data.contains("\"choices\"")) {
                return false;
            }
            JsonNode node = Json.parseOrNull(data);
            return node != null && node.path("choices").isArray() && node.path("choices").isEmpty() && node.path("usage").isObject();
        }

        @Override
        public Buffer onEnd() {
            parser.finish().forEach(this::scan);
            return null;
        }

        @Override
        public Usage usage() {
            return scanner.usage();
        }

        @Override
        public boolean sawToken() {
            return scanner.sawFirstToken();
        }

        @Override
        public int contentEvents() {
            return contentEvents;
        }

        @Override
        public boolean complete() {
            return scanner.complete();
        }
    }

    /** Translates the provider's events into the caller's protocol. */
    static final class Translating implements StreamRelay {
        private final SseParser parser = new SseParser();
        private final StreamTranslator translator;
        private int contentEvents;

        Translating(StreamTranslator translator) {
            this.translator = translator;
        }

        @Override
        public Buffer onChunk(Buffer upstream) {
            byte[] bytes = upstream.getBytes();
            Buffer out = Buffer.buffer(bytes.length + 64);
            parser.feed(bytes, 0, bytes.length, ev -> translate(ev, out));
            return out.length() == 0 ? null : out;
        }

        private void translate(SseEvent ev, Buffer out) {
            if (!ev.isDone()) {
                contentEvents++;
            }
            for (SseEvent e : translator.onEvent(ev)) {
                out.appendBytes(e.encode());
            }
        }

        @Override
        public Buffer onEnd() {
            Buffer out = Buffer.buffer();
            parser.finish().forEach(ev -> translate(ev, out));
            for (SseEvent e : translator.onEnd()) {
                out.appendBytes(e.encode());
            }
            return out.length() == 0 ? null : out;
        }

        @Override
        public Usage usage() {
            return translator.usage();
        }

        @Override
        public boolean sawToken() {
            return translator.sawFirstToken();
        }

        @Override
        public int contentEvents() {
            return contentEvents;
        }

        @Override
        public boolean complete() {
            return translator.complete();
        }
    }
}
