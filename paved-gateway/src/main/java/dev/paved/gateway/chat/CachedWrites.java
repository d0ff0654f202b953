package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheLookup;
import dev.paved.gateway.cache.ResponseCache;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.StreamAnswerAssembler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Stores a fresh answer in the cache once the call ends well: the channel keeps a copy of a 200 JSON answer,
 * or rebuilds the non-stream answer from a stream that ended normally ({@link StreamAnswerAssembler}), and stores
 * it with the call's usage and cost. Errors, refusals, broken streams and (unless allowed) tool calls are never
 * stored; a streaming caller's next hit is replayed from the stored answer as a stream again.
 */
final class CachedWrites {
    private CachedWrites() {
    }

    static ClientChannel capture(ClientChannel channel, CacheLookup lookup, ResponseCache cache, CallRecorder rec, Vertx vertx,
            WireFormat inbound) {
        if (!lookup.stores()) {
            return channel;
        }
        return new Capture(channel, lookup, cache, rec, vertx, rec.streaming() ? new StreamAnswerAssembler(inbound) : null);
    }

    /**
     * Stores the answer before passing it on, so the caller's next identical request already finds it. When the
     * query was embedded for the lookup, storing is an in-memory index insert; otherwise it runs on a worker.
     */
    private static final class Capture extends ForwardingChannel {
        private final CacheLookup lookup;
        private final ResponseCache cache;
        private final CallRecorder rec;
        private final Vertx vertx;
        private final StreamAnswerAssembler stream;

        Capture(ClientChannel delegate, CacheLookup lookup, ResponseCache cache, CallRecorder rec, Vertx vertx, StreamAnswerAssembler stream) {
            super(delegate);
            this.lookup = lookup;
            this.cache = cache;
            this.rec = rec;
            this.vertx = vertx;
            this.stream = stream;
        }

        @Override
        public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
            if (status == 200 && rec.route() != null) {
                store(body.getBytes());
            }
            super.sendJson(status, body, extraHeaders);
        }

        @Override
        public void write(Buffer sseBytes) {
            if (stream != null) {
                stream.feed(sseBytes.getBytes());
            }
            super.write(sseBytes);
        }

        @Override
        public void end() {
            if (stream != null && rec.route() != null) {
                ObjectNode answer = stream.answer(rec.usageSoFar());
                if (answer != null) {
                    store(Json.bytes(answer));
                }
            }
            super.end();
        }

        private void store(byte[] bytes) {
            Runnable put = () -> cache.put(lookup, bytes, rec.usageSoFar(), rec.costSoFar(), rec.route().provider().name(),
                    rec.route().target().model());
            try {
                if (cache.needsEmbedding(lookup)) {
                    vertx.executeBlocking(() -> {
                        put.run();
                        return null;
                    }, false);
                } else {
                    put.run();
                }
            } catch (RuntimeException e) {
                // A cache that cannot store must never cost the caller the answer.
            }
        }
    }
}
