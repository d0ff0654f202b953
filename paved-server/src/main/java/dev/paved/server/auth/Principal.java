package dev.paved.server.auth;

import java.util.Set;

/** An authenticated product API key: the tenant it belongs to and what it may do. */
public record Principal(String keyId, String tenantId, Set<String> allowedAliases, String defaultFeature) {
    public Principal {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
    }
}
