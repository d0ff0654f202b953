package dev.paved.knowledge.index;

import java.util.Set;

/**
 * Who is asking: the tenant (from the API key), the knowledge base, and the caller's ACL groups. Every read of a
 * {@link KnowledgeIndex} takes one and sees only the chunks it allows: the tenant's, in that knowledge base, whose
 * groups are empty or share one with {@code groups}.
 *
 * @param allGroups true only for the platform's own maintenance (rebuilds, deletes, checks): every group is visible,
 *                  but still only within the tenant and knowledge base
 */
public record AccessScope(String tenantId, String kbId, Set<String> groups, boolean allGroups) {

    public AccessScope {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("a tenant is required for every index query");
        }
        if (kbId == null || kbId.isBlank()) {
            throw new IllegalArgumentException("a knowledge base is required for every index query");
        }
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** A caller of {@code tenantId} who belongs to {@code groups}. */
    public static AccessScope caller(String tenantId, String kbId, Set<String> groups) {
        return new AccessScope(tenantId, kbId, groups, false);
    }

    /** The platform itself, acting for {@code tenantId}. */
    public static AccessScope maintenance(String tenantId, String kbId) {
        return new AccessScope(tenantId, kbId, Set.of(), true);
    }
}
