package dev.paved.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.server.auth.Principal;
import java.util.Set;
import java.util.TreeSet;

/** The ACL groups a request retrieves with: the principal's (the key's, or the user token's), narrowed by {@code acl_groups}. */
final class AclGroups {
    private AclGroups() {
    }

    /** The principal's groups, or the subset {@code acl_groups} asks for; a group the principal lacks is refused (403). */
    static Set<String> narrowed(ObjectNode body, Principal principal) {
        Set<String> own = principal == null ? Set.of() : principal.aclGroups();
        if (!body.has("acl_groups") || body.get("acl_groups").isNull()) {
            return own;
        }
        Set<String> asked = KnowledgeRequests.groups(body);
        Set<String> extra = new TreeSet<>(asked);
        extra.removeAll(own);
        if (!extra.isEmpty()) {
            String held = own.isEmpty() ? "none" : String.join(", ", new TreeSet<>(own));
            String message = principal != null && principal.user() != null
                    ? "The user token does not carry the ACL group(s) " + String.join(", ", extra) + ". 'acl_groups' may only narrow the"
                    + " token's groups (" + held + "); the identity provider puts a user's groups in the token."
                    : "The API key does not carry the ACL group(s) " + String.join(", ", extra) + ". 'acl_groups' may only narrow the key's"
                    + " groups (" + held + "); an administrator binds groups to a key with POST /admin/tenants/{id}/keys {\"acl_groups\": [...]}.";
            throw new PavedException(ErrorKind.PERMISSION, message, "acl_groups", "acl_groups_not_allowed");
        }
        return asked;
    }
}
