package dev.paved.server.store;

import java.util.Set;

/** What the gateway needs to know about a caller whose API key checked out (key and tenant both active). */
public record AuthenticatedKey(String keyId, String tenantId, Status tenantStatus, Set<String> allowedAliases,
                               String defaultFeature, Set<String> aclGroups) {
    public AuthenticatedKey {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
        aclGroups = aclGroups == null ? Set.of() : Set.copyOf(aclGroups);
    }

    public AuthenticatedKey(String keyId, String tenantId, Status tenantStatus, Set<String> allowedAliases, String defaultFeature) {
        this(keyId, tenantId, tenantStatus, allowedAliases, defaultFeature, Set.of());
    }
}
