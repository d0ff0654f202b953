package dev.paved.server.store;

import dev.paved.server.db.Database;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects key uses in memory and writes {@code api_keys.last_used_at} in one batch per interval, so that
 * authenticating a request costs no database write. Only the latest use per key is kept.
 */
final class LastUsedRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LastUsedRecorder.class);

    private final Database db;
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    LastUsedRecorder(Database db, Duration interval) {
        this.db = db;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paved-key-last-used");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    void touch(String keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes the collected uses; returns how many keys were updated. Failed writes are kept for the next try. */
    synchronized int flush() {
        List<Map.Entry<String, Instant>> batch = new ArrayList<>();
        for (Map.Entry<String, Instant> e : pending.entrySet()) {
            if (pending.remove(e.getKey(), e.getValue())) {
                batch.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            return db.inSystemScope(c -> {
                try (PreparedStatement ps = c.prepareStatement("update api_keys set last_used_at = ? where id = ? "
                        + "and (last_used_at is null or last_used_at < ?)")) {
                    for (Map.Entry<String, Instant> e : batch) {
                        OffsetDateTime at = e.getValue().atOffset(ZoneOffset.UTC);
                        ps.setObject(1, at);
                        ps.setString(2, e.getKey());
                        ps.setObject(3, at);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return batch.size();
            });
        } catch (RuntimeException ex) {
            batch.forEach(e -> touch(e.getKey(), e.getValue()));
            throw ex;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not record API key last use ({} keys pending): {}", pending.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
