package dev.paved.server.store;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as listed to administrators. Holds no secret: only the visible {@code prefix}
 * ({@code pk_xxxxxxxx}) identifies it.
 *
 * @param allowedAliases model aliases the key may use; empty means all
 * @param defaultFeature feature to attribute cost to when a request names none, or null
 * @param lastUsedAt     last authenticated use (written in batches, so up to a few seconds late), or null
 * @param aclGroups      knowledge-base ACL groups of the key's principal (RAG retrieves what they may see); empty means none
 */
public record ApiKey(String id, String tenantId, String name, String prefix, Set<String> allowedAliases,
                     String defaultFeature, Status status, Instant createdAt, Instant lastUsedAt, Set<String> aclGroups) {
    public ApiKey {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
        aclGroups = aclGroups == null ? Set.of() : Set.copyOf(aclGroups);
    }

    public ApiKey(String id, String tenantId, String name, String prefix, Set<String> allowedAliases, String defaultFeature,
                  Status status, Instant createdAt, Instant lastUsedAt) {
        this(id, tenantId, name, prefix, allowedAliases, defaultFeature, status, createdAt, lastUsedAt, Set.of());
    }
}
