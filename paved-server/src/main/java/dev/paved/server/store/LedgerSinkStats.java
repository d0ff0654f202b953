package dev.paved.server.store;

/**
 * Counters of a {@link PostgresLedgerSink}.
 *
 * @param written       entries stored in the database
 * @param pending       entries recorded but not yet written (queued or being retried)
 * @param failedBatches write attempts that failed and were retried (database unavailable)
 * @param rejected      entries the database refused for their content; logged in full, not retried
 * @param batches       batches committed (each one transaction, and one fsync on a durable database)
 */
public record LedgerSinkStats(long written, long pending, long failedBatches, long rejected, long batches) {
}
