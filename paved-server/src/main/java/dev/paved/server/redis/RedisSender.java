package dev.paved.server.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/** Sends one command to Redis: through a pooled client, or over one multiplexed connection. */
@FunctionalInterface
public interface RedisSender {
    Future<Response> send(Request request);
}
