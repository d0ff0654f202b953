package dev.paved.gateway.resilience;

import java.util.function.BiConsumer;

/**
 * Carries circuit-breaker transitions between replicas, so a target that one replica saw fail is
 * avoided by all of them. In-process by default (nothing to share); Redis pub/sub when configured.
 */
public interface BreakerBus {
    BreakerBus LOCAL = new BreakerBus() {
        @Override
        public void publish(String target, BreakerState state) {
        }

        @Override
        public void subscribe(BiConsumer<String, BreakerState> listener) {
        }
    };

    /** Announces that this replica moved {@code target} ({@code provider/model}) to {@code state}. */
    void publish(String target, BreakerState state);

    /** Receives other replicas' announcements; a replica never receives its own. */
    void subscribe(BiConsumer<String, BreakerState> listener);
}
