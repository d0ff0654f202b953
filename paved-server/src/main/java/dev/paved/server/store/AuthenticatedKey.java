package dev.paved.server.store;

import java.util.Set;

/** What the gateway needs to know about a caller whose API key checked out (key and tenant both active). */
public record AuthenticatedKey(String keyId, String tenantId, Status tenantStatus, Set<String> allowedAliases,
                               String defaultFeature) {
    public AuthenticatedKey {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
    }
}
