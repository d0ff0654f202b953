package dev.paved.server.auth;

import java.util.Set;

/**
 * An authenticated product API key: the tenant it belongs to and what it may do.
 *
 * @param aclGroups the knowledge-base ACL groups the key's principal belongs to (bound to the key by an administrator)
 */
public record Principal(String keyId, String tenantId, Set<String> allowedAliases, String defaultFeature, Set<String> aclGroups) {
    public Principal {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
        aclGroups = aclGroups == null ? Set.of() : Set.copyOf(aclGroups);
    }

    public Principal(String keyId, String tenantId, Set<String> allowedAliases, String defaultFeature) {
        this(keyId, tenantId, allowedAliases, defaultFeature, Set.of());
    }
}
