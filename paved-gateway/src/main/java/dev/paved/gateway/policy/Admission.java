package dev.paved.gateway.policy;

import dev.paved.gateway.ledger.LedgerEntry;
import java.util.List;
import java.util.Map;

/**
 * A call the traffic policy let through. It holds whatever the call reserved (concurrency slots) until
 * {@link #release} is called exactly once with the call's ledger entry, which also charges the call's
 * real tokens and cost to the rate limits and budgets.
 */
public interface Admission {
    /** The alias to route: the caller's, or a cheaper one when a budget's soft threshold degraded it. */
    String alias();

    /** Response headers for the caller, such as {@code x-ratelimit-remaining-requests}. */
    Map<String, String> headers();

    /** Decisions taken, for the trace and the ledger row, e.g. {@code degrade:budget:tenant-day}. */
    List<String> decisions();

    /** Frees the call's reservations and charges its usage. Called once, whatever the outcome. */
    void release(LedgerEntry entry);

    /** Admits with no limits: the alias unchanged, no headers, nothing to release. */
    static Admission unlimited(String alias) {
        return new Admission() {
            @Override
            public String alias() {
                return alias;
            }

            @Override
            public Map<String, String> headers() {
                return Map.of();
            }

            @Override
            public List<String> decisions() {
                return List.of();
            }

            @Override
            public void release(LedgerEntry entry) {
            }
        };
    }
}
