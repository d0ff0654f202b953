package dev.paved.server.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis pub/sub between replicas: one dedicated subscriber connection for every channel this replica
 * listens on, re-established (and re-subscribed) whenever it drops. Publishing goes through the shared
 * client. Handlers run on an event loop and must not block.
 */
public final class RedisChannels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisChannels.class);
    private static final long RECONNECT_MILLIS = 500;

    private final Vertx vertx;
    private final Redis redis;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private volatile RedisConnection subscriber;
    private volatile boolean closed;

    public RedisChannels(Vertx vertx, Redis redis) {
        this.vertx = vertx;
        this.redis = redis;
    }

    /** Registers a handler for a channel; call {@link #start} after the last one. */
    public RedisChannels on(String channel, Consumer<String> handler) {
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /** Connects and subscribes; completes once the subscription is in place. */
    public Future<Void> start() {
        return connect();
    }

    public Future<Void> publish(String channel, String message) {
        return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).mapEmpty();
    }

    private Future<Void> connect() {
        if (closed || handlers.isEmpty()) {
            return Future.succeededFuture();
        }
        return redis.connect().compose(conn -> {
            subscriber = conn;
            conn.handler(this::dispatch);
            conn.exceptionHandler(e -> LOG.warn("Redis subscriber connection failed: {}", e.toString()));
            conn.endHandler(v -> reconnectLater());
            Request sub = Request.cmd(Command.SUBSCRIBE);
            handlers.keySet().forEach(sub::arg);
            return conn.send(sub).<Void>mapEmpty();
        }).onFailure(e -> {
            LOG.warn("Could not subscribe to Redis channels: {}; retrying", e.toString());
            reconnectLater();
        });
    }

    private void reconnectLater() {
        if (!closed) {
            vertx.setTimer(RECONNECT_MILLIS, id -> connect());
        }
    }

    private void dispatch(Response msg) {
        if (msg == null || msg.size() < 3 || !"message".equals(msg.get(0).toString())) {
            return;
        }
        List<Consumer<String>> list = handlers.get(msg.get(1).toString());
        if (list == null) {
            return;
        }
        String payload = msg.get(2).toString();
        for (Consumer<String> h : list) {
            try {
                h.accept(payload);
            } catch (RuntimeException e) {
                LOG.warn("handler of Redis channel {} failed: {}", msg.get(1), e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection c = subscriber;
        if (c != null) {
            c.close();
        }
    }
}
