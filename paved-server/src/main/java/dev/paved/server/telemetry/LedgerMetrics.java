package dev.paved.server.telemetry;

import dev.paved.server.store.PostgresLedgerSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Exposes the ledger writer's queue: a growing {@code pending} means the database is not keeping up. */
public final class LedgerMetrics {
    private LedgerMetrics() {
    }

    public static void bind(MeterRegistry registry, PostgresLedgerSink sink) {
        Gauge.builder("paved.ledger.pending", sink, s -> s.stats().pending())
                .description("Ledger entries recorded but not yet written").register(registry);
        FunctionCounter.builder("paved.ledger.written", sink, s -> s.stats().written())
                .description("Ledger entries written to PostgreSQL").register(registry);
        FunctionCounter.builder("paved.ledger.failed.batches", sink, s -> s.stats().failedBatches())
                .description("Ledger batch inserts that failed and were retried").register(registry);
        FunctionCounter.builder("paved.ledger.batches", sink, s -> s.stats().batches())
                .description("Ledger batches committed; written / batches is the rows each commit carries").register(registry);
    }
}
