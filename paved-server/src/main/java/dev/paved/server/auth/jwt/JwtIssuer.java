package dev.paved.server.auth.jwt;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One trusted token issuer of one tenant, from {@code auth.issuers} in paved.yaml.
 *
 * @param tenant       the tenant that trusts the issuer: a tenant name or a tenant id ({@code tn_…})
 * @param issuer       the exact {@code iss} claim
 * @param audience     the {@code aud} the token must carry
 * @param keys         how signatures are verified
 * @param subjectClaim the claim that names the user (principal id)
 * @param groupsClaim  the claim with the user's ACL groups: a list, or one space-separated string
 * @param featureClaim a claim naming the feature, or null
 * @param clockSkew    how far {@code exp} and {@code nbf} may be off
 * @param requireGroups a token without the groups claim is refused (otherwise it has no groups)
 * @param tokenOnly    what a token from this issuer may do when it is the only credential, or null when it must come
 *                     with an API key of the tenant
 */
public record JwtIssuer(String tenant, String issuer, String audience, KeySource keys, String subjectClaim, String groupsClaim,
                        String featureClaim, Duration clockSkew, boolean requireGroups, TokenOnly tokenOnly) {
    public static final String DEFAULT_SUBJECT_CLAIM = "sub";
    public static final String DEFAULT_GROUPS_CLAIM = "groups";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    public JwtIssuer {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(keys, "keys");
        subjectClaim = subjectClaim == null ? DEFAULT_SUBJECT_CLAIM : subjectClaim;
        groupsClaim = groupsClaim == null ? DEFAULT_GROUPS_CLAIM : groupsClaim;
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    }

    /**
     * What a token-only caller may do: the aliases it may use (never empty: a token alone never gets every alias)
     * and its feature when the token names none.
     */
    public record TokenOnly(Set<String> aliases, String feature) {
        public TokenOnly {
            aliases = Set.copyOf(aliases);
            if (aliases.isEmpty()) {
                throw new IllegalArgumentException("token_only.aliases must name at least one alias");
            }
            Objects.requireNonNull(feature, "feature");
        }
    }

    /** Whether this entry belongs to the tenant with this id and name (the name may be null when unknown). */
    public boolean trustedBy(String tenantId, String tenantName) {
        return tenant.equals(tenantId) || (tenantName != null && tenant.equals(tenantName));
    }
}
