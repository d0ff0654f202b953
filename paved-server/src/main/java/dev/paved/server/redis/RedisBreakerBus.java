package dev.paved.server.redis;

import dev.paved.gateway.resilience.BreakerBus;
import dev.paved.gateway.resilience.BreakerState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breaker transitions over Redis pub/sub: {@code <replica>|<STATE>|<provider/model>} on
 * {@value #CHANNEL}. A replica ignores its own messages.
 */
public final class RedisBreakerBus implements BreakerBus {
    public static final String CHANNEL = "paved:breakers";
    private static final Logger LOG = LoggerFactory.getLogger(RedisBreakerBus.class);

    private final RedisChannels channels;
    private final String replicaId;
    private final List<BiConsumer<String, BreakerState>> listeners = new CopyOnWriteArrayList<>();

    /** Registers itself on {@code channels}; create it before {@link RedisChannels#start}. */
    public RedisBreakerBus(RedisChannels channels, String replicaId) {
        this.channels = channels;
        this.replicaId = replicaId;
        channels.on(CHANNEL, this::received);
    }

    @Override
    public void publish(String target, BreakerState state) {
        channels.publish(CHANNEL, replicaId + "|" + state.name() + "|" + target)
                .onFailure(e -> LOG.warn("could not announce breaker {} -> {}: {}", target, state, e.toString()));
    }

    @Override
    public void subscribe(BiConsumer<String, BreakerState> listener) {
        listeners.add(listener);
    }

    private void received(String message) {
        String[] parts = message.split("\\|", 3);
        if (parts.length != 3 || parts[0].equals(replicaId)) {
            return;
        }
        BreakerState state;
        try {
            state = BreakerState.valueOf(parts[1]);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring breaker message with unknown state '{}'", parts[1]);
            return;
        }
        for (BiConsumer<String, BreakerState> l : listeners) {
            l.accept(parts[2], state);
        }
    }
}
