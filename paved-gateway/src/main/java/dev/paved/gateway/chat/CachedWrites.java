package dev.paved.gateway.chat;

import dev.paved.gateway.cache.CacheLookup;
import dev.paved.gateway.cache.ResponseCache;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Stores a fresh non-stream answer in the cache once the call ends well: the channel keeps a copy of a
 * 200 JSON answer, and when the ledger entry says 200 the copy is stored with the call's usage and cost.
 * Errors, refusals and streamed answers are never stored.
 */
final class CachedWrites {
    private CachedWrites() {
    }

    static ClientChannel capture(ClientChannel channel, CacheLookup lookup, ResponseCache cache, CallRecorder rec, Vertx vertx) {
        if (!lookup.stores() || rec.streaming()) {
            return channel;
        }
        return new Capture(channel, lookup, cache, rec, vertx);
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

        Capture(ClientChannel delegate, CacheLookup lookup, ResponseCache cache, CallRecorder rec, Vertx vertx) {
            super(delegate);
            this.lookup = lookup;
            this.cache = cache;
            this.rec = rec;
            this.vertx = vertx;
        }

        @Override
        public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
            if (status == 200 && rec.route() != null) {
                byte[] bytes = body.getBytes();
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
            super.sendJson(status, body, extraHeaders);
        }
    }
}
