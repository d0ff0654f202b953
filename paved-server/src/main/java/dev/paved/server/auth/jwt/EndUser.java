package dev.paved.server.auth.jwt;

import java.util.Objects;
import java.util.Set;

/**
 * The user a verified token names.
 *
 * @param issuer  the token's issuer
 * @param subject the user's id at that issuer (the principal id on the ledger and the trace)
 * @param groups  the user's ACL groups from the token
 * @param feature the feature the token names, or null
 */
public record EndUser(String issuer, String subject, Set<String> groups, String feature) {
    public EndUser {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        groups = Set.copyOf(groups);
    }

    /** Whose sessions are whose within a tenant: the issuer and the subject together. */
    public String sessionOwner() {
        return issuer + " " + subject;
    }
}
