package dev.paved.server.redis;

import dev.paved.gateway.cache.AnswerCodec;
import dev.paved.gateway.cache.CacheReplicator;
import dev.paved.gateway.cache.CachedAnswer;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached answers over Redis pub/sub: {@code <replica>|<base64 of the encoded answer>} on {@value #CHANNEL}.
 * Every replica indexes what the others stored, so an answer produced through one is a hit on all. A
 * replica that is down misses the messages meanwhile, which only costs it some hits.
 */
public final class RedisCacheReplicator implements CacheReplicator {
    public static final String CHANNEL = "paved:cache";
    /** {@code <replica>|<tenant id>}: drop that tenant's answers. */
    public static final String PURGE_CHANNEL = "paved:cache-purge";
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheReplicator.class);

    private final RedisChannels channels;
    private final String replicaId;
    private final List<Consumer<CachedAnswer>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> purgeListeners = new CopyOnWriteArrayList<>();

    /** Registers itself on {@code channels}; create it before {@link RedisChannels#start}. */
    public RedisCacheReplicator(RedisChannels channels, String replicaId) {
        this.channels = channels;
        this.replicaId = replicaId;
        channels.on(CHANNEL, this::received);
        channels.on(PURGE_CHANNEL, this::purged);
    }

    @Override
    public void publishPurge(String tenantId) {
        channels.publish(PURGE_CHANNEL, replicaId + "|" + tenantId)
                .onFailure(e -> LOG.error("could not tell the other replicas to purge tenant {}'s cached answers: {}", tenantId, e.toString()));
    }

    @Override
    public void onPurge(Consumer<String> listener) {
        purgeListeners.add(listener);
    }

    private void purged(String message) {
        int bar = message.indexOf('|');
        if (bar < 0 || message.substring(0, bar).equals(replicaId)) {
            return;
        }
        String tenantId = message.substring(bar + 1);
        for (Consumer<String> l : purgeListeners) {
            l.accept(tenantId);
        }
    }

    @Override
    public void publish(CachedAnswer answer) {
        channels.publish(CHANNEL, replicaId + "|" + Base64.getEncoder().encodeToString(AnswerCodec.encode(answer)))
                .onFailure(e -> LOG.warn("could not share a cached answer: {}", e.toString()));
    }

    @Override
    public void subscribe(Consumer<CachedAnswer> listener) {
        listeners.add(listener);
    }

    private void received(String message) {
        int bar = message.indexOf('|');
        if (bar < 0 || message.substring(0, bar).equals(replicaId)) {
            return;
        }
        CachedAnswer answer;
        try {
            answer = AnswerCodec.decode(Base64.getDecoder().decode(message.substring(bar + 1)));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring an unreadable cached answer from another replica: {}", e.getMessage());
            return;
        }
        for (Consumer<CachedAnswer> l : listeners) {
            l.accept(answer);
        }
    }
}
