package dev.paved.server.auth;

import dev.paved.server.auth.jwt.EndUser;
import java.util.Set;

/**
 * An authenticated caller: the tenant it belongs to and what it may do. Usually a product API key; with a verified JWT
 * also the end user ({@link #user()}), whose groups then replace the key's.
 *
 * @param keyId     the API key's id, or {@code jwt:<issuer>} when a token is the only credential
 * @param aclGroups the knowledge-base ACL groups of the principal: bound to the key by an administrator, or the token's
 * @param user      the end user a verified JWT names, or null
 * @param tokenOnly the JWT is the only credential (no API key): such callers may not change knowledge bases
 */
public record Principal(String keyId, String tenantId, Set<String> allowedAliases, String defaultFeature, Set<String> aclGroups,
                        EndUser user, boolean tokenOnly) {
    public Principal {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
        aclGroups = aclGroups == null ? Set.of() : Set.copyOf(aclGroups);
    }

    public Principal(String keyId, String tenantId, Set<String> allowedAliases, String defaultFeature, Set<String> aclGroups) {
        this(keyId, tenantId, allowedAliases, defaultFeature, aclGroups, null, false);
    }

    public Principal(String keyId, String tenantId, Set<String> allowedAliases, String defaultFeature) {
        this(keyId, tenantId, allowedAliases, defaultFeature, Set.of());
    }

    /**
     * This key acting for {@code u}: the token's groups replace the key's, and the token's feature (when it names one)
     * replaces the key's default feature; tenant and aliases stay the key's.
     */
    public Principal actingFor(EndUser u) {
        return new Principal(keyId, tenantId, allowedAliases, u.feature() != null ? u.feature() : defaultFeature, u.groups(), u, false);
    }

    /** The end user's id (the token's subject), or null. */
    public String principalId() {
        return user == null ? null : user.subject();
    }

    /** Whose RAG sessions these are within the tenant: "" for an API key alone, else the end user. */
    public String sessionOwner() {
        return user == null ? "" : user.sessionOwner();
    }
}
