package dev.paved.server.auth.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.paved.knowledge.model.Names;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a verified token's claims into an {@link EndUser} as the issuer's settings say: the subject claim names the user,
 * the groups claim holds a list or a space-separated string, the feature claim (when configured) a feature id.
 */
public final class ClaimMapping {
    private ClaimMapping() {
    }

    /** @throws dev.paved.core.PavedException 401 when a claim is missing or of the wrong type */
    public static EndUser map(JWTClaimsSet claims, JwtIssuer issuer) {
        Object sub = claims.getClaim(issuer.subjectClaim());
        if (!(sub instanceof String subject) || subject.isBlank() || subject.length() > 256) {
            throw TokenErrors.subjectMissing(issuer.subjectClaim());
        }
        return new EndUser(issuer.issuer(), subject, groups(claims.getClaim(issuer.groupsClaim()), issuer), feature(claims, issuer));
    }

    /**
     * The groups a claim value names. Names that cannot be ACL groups (spaces, other characters) are left out: leaving a
     * group out only ever narrows what the user sees.
     */
    static Set<String> groups(Object value, JwtIssuer issuer) {
        String claim = issuer.groupsClaim();
        if (value == null) {
            if (issuer.requireGroups()) {
                throw TokenErrors.groupsInvalid(claim, "is missing, and this issuer requires it (require_groups)");
            }
            return Set.of();
        }
        List<?> items;
        if (value instanceof String s) {
            items = List.of(s.strip().isEmpty() ? new String[0] : s.strip().split("\\s+"));
        } else if (value instanceof List<?> list) {
            items = list;
        } else {
            throw TokenErrors.groupsInvalid(claim, "is " + kind(value));
        }
        Set<String> out = new TreeSet<>();
        for (Object item : items) {
            if (!(item instanceof String g)) {
                throw TokenErrors.groupsInvalid(claim, "holds " + kind(item) + " where a group name belongs");
            }
            if (Names.GROUP.matcher(g).matches()) {
                out.add(g);
            }
        }
        if (out.size() > Names.MAX_GROUPS) {
            throw TokenErrors.groupsInvalid(claim, "names " + out.size() + " groups; at most " + Names.MAX_GROUPS
                    + " are used for retrieval, so have the identity provider send only this application's groups");
        }
        return out;
    }

    private static String feature(JWTClaimsSet claims, JwtIssuer issuer) {
        if (issuer.featureClaim() == null) {
            return null;
        }
        Object value = claims.getClaim(issuer.featureClaim());
        if (value == null) {
            return null;
        }
        if (!(value instanceof String f) || !f.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw TokenErrors.featureInvalid(issuer.featureClaim());
        }
        return f;
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "true/false";
        }
        if (v instanceof java.util.Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "a " + v.getClass().getSimpleName();
    }
}
