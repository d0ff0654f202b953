package dev.paved.gateway.ledger;

/**
 * Where ledger entries go. Implementations must not block the caller and must not lose an entry
 * once {@link #record} returned.
 */
public interface LedgerSink {
    void record(LedgerEntry entry);
}
