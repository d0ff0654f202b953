package dev.paved.gateway.chat;

import dev.paved.core.RequestContext;
import dev.paved.gateway.ledger.LedgerEntry;
import java.util.List;

/**
 * Told once about every finished model call, whatever its outcome: the ledger, metrics and
 * tracing listen here. Implementations must be fast and must not block.
 */
@FunctionalInterface
public interface CallObserver {
    void completed(RequestContext ctx, LedgerEntry entry);

    /** Calls each observer in order; one failing does not stop the others. */
    static CallObserver all(List<CallObserver> observers) {
        List<CallObserver> copy = List.copyOf(observers);
        return (ctx, entry) -> {
            RuntimeException first = null;
            for (CallObserver o : copy) {
                try {
                    o.completed(ctx, entry);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }
}
