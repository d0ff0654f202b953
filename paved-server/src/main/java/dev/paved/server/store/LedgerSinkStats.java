package dev.paved.server.store;

/**
 * Counters of a {@link PostgresLedgerSink}.
 *
 * @param written       entries stored in the database
 * @param pending       entries recorded but not yet written (queued or being retried)
 * @param failedBatches write attempts that failed and were retried (database unavailable)
 * @param rejected      entries the database refused for their content; logged in full, not retried
 */
public record LedgerSinkStats(long written, long pending, long failedBatches, long rejected) {
}
