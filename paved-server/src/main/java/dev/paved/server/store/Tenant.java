package dev.paved.server.store;

import java.time.Instant;

/** A team or product that owns API keys and is billed in the ledger. */
public record Tenant(String id, String name, Status status, Instant createdAt) {
    public boolean active() {
        return status == Status.ACTIVE;
    }
}
