package dev.paved.server.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x instance and a Redis client on {@link TestRedis}'s server, for tests of the Redis stores. Register it as a
 * static {@code @RegisterExtension} field: it closes after the test class.
 */
final class RedisTestClient implements AfterAllCallback, AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Redis redis = Redis.createClient(vertx, TestRedis.url());

    /** The future's value, or its failure thrown, waiting at most {@code seconds}. */
    static <T> T await(Future<T> f, int seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        redis.close();
        vertx.close();
    }
}
