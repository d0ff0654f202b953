package dev.paved.gateway.cache;

import java.util.function.Consumer;

/**
 * Shares answers between replicas: an answer stored through one instance is a hit on the others. In
 * process by default (nothing to share); a Redis stream when {@code PAVED_REDIS_URL} is set.
 */
public interface CacheReplicator {
    CacheReplicator LOCAL = new CacheReplicator() {
        @Override
        public void publish(CachedAnswer answer) {
        }

        @Override
        public void subscribe(Consumer<CachedAnswer> listener) {
        }
    };

    /** Sends an answer this replica stored to the others. */
    void publish(CachedAnswer answer);

    /** Receives answers other replicas stored; a replica never receives its own. */
    void subscribe(Consumer<CachedAnswer> listener);

    /** Tells the other replicas to drop a tenant's answers (a data-deletion request); nothing to tell by default. */
    default void publishPurge(String tenantId) {
    }

    /** Receives the tenant ids other replicas purged; a replica never receives its own. */
    default void onPurge(Consumer<String> listener) {
    }
}
