package dev.paved.server.redis;

import dev.paved.server.config.UrlRedaction;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;

/**
 * The Redis that replicas share ({@code PAVED_REDIS_URL}): a pooled client for counters and publishing,
 * and the pub/sub channels. Start-up fails with a clear message when Redis cannot be reached, rather than
 * running with limits that each replica would count alone.
 */
public final class RedisShared implements AutoCloseable {
    private final Redis client;
    private final RedisChannels channels;

    private RedisShared(Redis client, RedisChannels channels) {
        this.client = client;
        this.channels = channels;
    }

    public static RedisShared connect(Vertx vertx, String url) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(32).setMaxPoolWaiting(4096)
                .setMaxWaitingHandlers(8192));
        try {
            client.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Cannot reach Redis at " + UrlRedaction.redact(url) + " (" + cause.getMessage()
                    + "). Start Redis, fix PAVED_REDIS_URL, or unset it to keep limits in this process.", e);
        }
        return new RedisShared(client, new RedisChannels(vertx, client));
    }

    public Redis client() {
        return client;
    }

    public RedisChannels channels() {
        return channels;
    }

    @Override
    public void close() {
        channels.close();
        client.close();
    }
}
