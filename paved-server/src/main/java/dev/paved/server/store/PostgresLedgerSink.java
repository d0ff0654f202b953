package dev.paved.server.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import dev.paved.core.PavedException;
import dev.paved.gateway.ledger.LedgerEntry;
import dev.paved.gateway.ledger.LedgerSink;
import dev.paved.server.db.Database;
import dev.paved.server.db.SqlErrors;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ledger entries to PostgreSQL without making callers wait. {@link #record} appends to a lock-free
 * queue; one writer thread drains it in batches of up to {@value #MAX_BATCH} rows, inserting in the system scope.
 * A batch starts at most once per {@code linger}, sooner only when {@value #MAX_BATCH} entries are waiting or
 * {@link #flush} asks: so under load each commit (and its fsync) carries a linger's worth of calls, not the few
 * that arrived while the previous one ran. When the database is unavailable the batch stays in memory
 * and is retried with exponential backoff (memory, not the database, is the limit while it is down).
 *
 * <p>Every entry gets an {@code entry_uid} before its first attempt and keeps it across retries. The uids are
 * time-ordered UUIDs (version 7), so the ledger's key index grows at its right edge. A batch's first attempt is a
 * plain insert: its uids are new, so nothing can conflict. After an attempt that failed without an answer (the
 * commit may have happened and its acknowledgement been lost), every retry skips uids already present, so no
 * entry is written twice. A row the database rejects for its content (a data or constraint error) cannot
 * succeed on retry: it is logged in full at ERROR, counted as rejected, and the rest of its batch is written.
 */
public final class PostgresLedgerSink implements LedgerSink, AutoCloseable {
    public static final int MAX_BATCH = 500;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(20);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLedgerSink.class);
    private static final long MIN_BACKOFF_NANOS = Duration.ofMillis(50).toNanos();
    private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(5).toNanos();
    private static final NoArgGenerator UIDS = Generators.timeBasedEpochGenerator();

    private final Database db;
    private final long lingerNanos;
    private final Duration closeTimeout;
    private final ConcurrentLinkedQueue<LedgerEntry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong offered = new AtomicLong();
    /** Entries up to this count are wanted now (by {@link #flush}): the writer does not linger until they are done. */
    private final AtomicLong wanted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Object progress = new Object();
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean stopping;

    public PostgresLedgerSink(Database db) {
        this(db, DEFAULT_LINGER, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * @param linger       the longest an entry waits for its batch to fill before it is written
     * @param closeTimeout how long {@link #close()} keeps trying to write what is left
     */
    public PostgresLedgerSink(Database db, Duration linger, Duration closeTimeout) {
        this.db = Objects.requireNonNull(db, "db");
        this.lingerNanos = Math.max(1, linger.toNanos());
        this.closeTimeout = closeTimeout;
        this.writer = Thread.ofPlatform().name("paved-ledger-writer").daemon(true).unstarted(this::run);
        this.writer.start();
    }

    /**
     * Queues an entry for writing and returns at once.
     *
     * @throws IllegalStateException after {@link #close()}: the entry could not be kept
     */
    @Override
    public void record(LedgerEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (closed) {
            throw new IllegalStateException("ledger sink is closed; entry for request " + entry.requestId() + " not recorded");
        }
        queue.add(entry);
        offered.incrementAndGet();
        if (queued.incrementAndGet() == MAX_BATCH) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * Waits until every entry recorded before this call is written (or rejected).
     *
     * @return true when they were, false when the timeout passed first
     */
    public boolean flush(Duration timeout) {
        long target = offered.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        wanted.accumulateAndGet(target, Math::max);
        LockSupport.unpark(writer);
        synchronized (progress) {
            while (written.get() + rejected.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Counters for metrics. */
    public LedgerSinkStats stats() {
        long w = written.get();
        long r = rejected.get();
        return new LedgerSinkStats(w, offered.get() - w - r, failedBatches.get(), r, batches.get());
    }

    /**
     * Stops accepting entries, writes what is queued (waiting up to the close timeout), then stops the writer.
     * Entries still unwritten after that (the database stayed down) are logged in full at ERROR so that they
     * can be recovered from the log.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!flush(closeTimeout)) {
            LOG.error("Ledger database still unavailable after {}; {} entries are not written", closeTimeout,
                    stats().pending());
        }
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        long backoff = MIN_BACKOFF_NANOS;
        boolean mayBeWritten = false;
        long lastStart = System.nanoTime() - lingerNanos;
        while (!stopping) {
            long wait = lastStart + lingerNanos - System.nanoTime();
            if (wait > 0 && batch.isEmpty() && queued.get() < MAX_BATCH && written.get() + rejected.get() >= wanted.get()) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            drainInto(batch);
            if (batch.isEmpty()) {
                LockSupport.parkNanos(this, lingerNanos);
                continue;
            }
            lastStart = System.nanoTime();
            try {
                write(batch, mayBeWritten);
                mayBeWritten = false;
                backoff = MIN_BACKOFF_NANOS;
            } catch (RuntimeException e) {
                // The batch stays, and entries drained later join it: some of its rows may have landed.
                mayBeWritten = true;
                failedBatches.incrementAndGet();
                LOG.warn("Ledger write of {} entries failed ({} pending); retrying in {} ms: {}", batch.size(),
                        stats().pending(), backoff / 1_000_000, describe(e));
                LockSupport.parkNanos(this, backoff);
                backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
            }
        }
        batch.forEach(p -> LOG.error("Unwritten ledger entry {}: {}", p.uid(), p.entry()));
        for (LedgerEntry e; (e = queue.poll()) != null; ) {
            LOG.error("Unwritten ledger entry: {}", e);
        }
    }

    private void drainInto(List<Pending> batch) {
        while (batch.size() < MAX_BATCH) {
            LedgerEntry e = queue.poll();
            if (e == null) {
                return;
            }
            queued.decrementAndGet();
            batch.add(new Pending(UIDS.generate(), e));
        }
    }

    /**
     * Writes the batch and clears it; on a data error falls back to row by row. Throws when unavailable.
     *
     * @param mayBeWritten an earlier attempt at some of these rows failed without an answer
     */
    private void write(List<Pending> batch, boolean mayBeWritten) {
        String statement = LedgerBatchInsert.sql(mayBeWritten);
        try {
            insert(statement, batch);
            completed(batch.size(), 0);
            batch.clear();
        } catch (PavedException e) {
            if (!(e.getCause() instanceof SQLException sql) || !SqlErrors.isDataError(sql)) {
                throw e;
            }
            while (!batch.isEmpty()) {
                Pending p = batch.getFirst();
                try {
                    insert(statement, List.of(p));
                    completed(1, 0);
                } catch (PavedException rowFailure) {
                    if (!(rowFailure.getCause() instanceof SQLException rowSql) || !SqlErrors.isDataError(rowSql)) {
                        throw rowFailure;
                    }
                    LOG.error("Ledger entry rejected by the database ({}), not retried: {}", describe(rowFailure), p.entry());
                    completed(0, 1);
                }
                batch.removeFirst();
            }
        }
    }

    private void insert(String sql, List<Pending> rows) {
        List<UUID> uids = new ArrayList<>(rows.size());
        List<LedgerEntry> entries = new ArrayList<>(rows.size());
        for (Pending p : rows) {
            uids.add(p.uid());
            entries.add(p.entry());
        }
        db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                LedgerBatchInsert.bind(ps, uids, entries);
                ps.executeUpdate();
            }
            return null;
        });
        batches.incrementAndGet();
    }

    private void completed(int writtenRows, int rejectedRows) {
        synchronized (progress) {
            written.addAndGet(writtenRows);
            rejected.addAndGet(rejectedRows);
            progress.notifyAll();
        }
    }

    private static String describe(RuntimeException e) {
        return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
    }

    private record Pending(UUID uid, LedgerEntry entry) {
    }
}
