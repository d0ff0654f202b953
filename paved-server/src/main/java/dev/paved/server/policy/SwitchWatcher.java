package dev.paved.server.policy;

import dev.paved.gateway.policy.SwitchBoard;
import dev.paved.server.store.SwitchStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica's {@link SwitchBoard} in step with the kill switches in PostgreSQL: polls their version
 * number every {@value #POLL_MILLIS} ms and reloads them when it moved, so a switch flipped through any
 * replica takes effect on all of them within a second. {@link #refreshNow} reloads at once (after a local
 * change, or when Redis announces one).
 */
public final class SwitchWatcher implements AutoCloseable {
    public static final long POLL_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(SwitchWatcher.class);

    private final Vertx vertx;
    private final SwitchStore store;
    private final SwitchBoard board;
    private final AtomicLong loadedVersion = new AtomicLong(-1);
    private final AtomicBoolean polling = new AtomicBoolean();
    private long timer = -1;

    public SwitchWatcher(Vertx vertx, SwitchStore store, SwitchBoard board) {
        this.vertx = vertx;
        this.store = store;
        this.board = board;
    }

    /** Loads the switches now (blocking) and starts polling. */
    public SwitchWatcher start() {
        reload(store.version());
        timer = vertx.setPeriodic(POLL_MILLIS, id -> poll(false));
        return this;
    }

    /** Reloads without waiting for the next poll; completes when the board is current. */
    public Future<Void> refreshNow() {
        return poll(true);
    }

    private Future<Void> poll(boolean force) {
        if (!force && !polling.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return vertx.<Void>executeBlocking(() -> {
            long v = store.version();
            if (force || v != loadedVersion.get()) {
                reload(v);
            }
            return null;
        }, false).onFailure(e -> LOG.warn("could not read the kill switches: {}", e.toString()))
                .onComplete(ar -> {
                    if (!force) {
                        polling.set(false);
                    }
                });
    }

    /** Reloads now on the calling (worker) thread. */
    public void reloadNow() {
        reload(store.version());
    }

    private synchronized void reload(long version) {
        board.replace(store.list());
        loadedVersion.set(version);
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
