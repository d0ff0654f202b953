package dev.paved.server.auth.jwt;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;

/**
 * Why a token was refused, as 401 errors that say what to do. Messages never quote the token; they may name its issuer,
 * audience and times, which the caller already has.
 */
public final class TokenErrors {
    private TokenErrors() {
    }

    static PavedException of(String code, String message) {
        return new PavedException(ErrorKind.AUTHENTICATION, message, null, code);
    }

    static PavedException malformed() {
        return of("token_malformed", "The token is not a JWT (three base64url parts: header.payload.signature, with a JSON header and "
                + "JSON claims). Send the token exactly as the identity provider issued it.");
    }

    static PavedException unsigned() {
        return of("token_unsigned", "The token is not signed (alg 'none'). Paved accepts only tokens signed by a trusted issuer.");
    }

    static PavedException encrypted() {
        return of("token_malformed", "The token is encrypted (JWE). Paved accepts signed tokens (JWS); ask the identity provider for an "
                + "access or ID token that is signed but not encrypted.");
    }

    static PavedException algorithm(String alg, String issuer) {
        return of("token_algorithm_not_allowed", "The token is signed with " + alg + ", which issuer '" + issuer + "' is not configured "
                + "for (a JWKS or RSA/EC public key allows RS*, PS* and ES*; an HMAC secret allows HS*). Check the issuer's signing "
                + "algorithm and its entry under auth.issuers in paved.yaml.");
    }

    static PavedException issuerNotTrusted(String issuer, boolean withKey) {
        String shown = issuer == null ? "(none: the token has no 'iss' claim)" : "'" + issuer + "'";
        return of("token_issuer_not_trusted", withKey
                ? "The user token's issuer " + shown + " is not trusted by this API key's tenant. Use a token from an issuer the tenant "
                + "trusts, or ask the platform team to add the issuer for this tenant under auth.issuers in paved.yaml."
                : "The token's issuer " + shown + " is not trusted to authenticate on its own. Send a Paved API key as the credential "
                + "with the user's token in 'x-paved-user-token', or ask the platform team to set token_only for this issuer.");
    }

    static PavedException audience(java.util.List<String> got, java.util.Collection<String> expected) {
        return of("token_audience_mismatch", "The token's audience " + (got.isEmpty() ? "is missing" : got.toString()) + "; Paved expects "
                + String.join(" or ", expected.stream().map(a -> "'" + a + "'").toList())
                + ". Request the token for that audience from the identity provider.");
    }

    static PavedException expired(java.time.Instant exp) {
        return of("token_expired", "The token expired at " + exp + ". Get a fresh token from the identity provider and retry.");
    }

    static PavedException noExpiry() {
        return of("token_expiry_missing", "The token has no 'exp' claim; Paved accepts only tokens that expire. Configure the identity "
                + "provider to set an expiry.");
    }

    static PavedException notYetValid(java.time.Instant nbf) {
        return of("token_not_yet_valid", "The token is not valid before " + nbf + " ('nbf'). Check the clocks of the identity provider and "
                + "of this client, or retry after that time.");
    }

    static PavedException badSignature() {
        return of("token_signature_invalid", "The token's signature does not verify with the issuer's key. The token was altered or "
                + "signed by someone else; get a new token from the identity provider.");
    }

    static PavedException unknownKey(String kid) {
        return of("token_key_unknown", "The issuer's key set has no key " + (kid == null ? "for this token (it names no 'kid')" : "'" + kid + "'")
                + ", even after fetching it again. Get a new token, or check that the issuer's jwks_url in paved.yaml is right.");
    }

    static PavedException keysUnavailable(String issuer) {
        return new PavedException(ErrorKind.UNAVAILABLE, "Could not fetch the signing keys of issuer '" + issuer
                + "' to verify the token. Retry shortly; if it persists, the platform team should check its jwks_url.", null,
                "token_keys_unavailable");
    }

    static PavedException subjectMissing(String claim) {
        return of("token_subject_missing", "The token has no '" + claim + "' claim (a non-empty string naming the user). Configure the "
                + "identity provider to include it, or change subject_claim for this issuer in paved.yaml.");
    }

    static PavedException groupsInvalid(String claim, String why) {
        return of("token_groups_invalid", "The token's '" + claim + "' claim " + why + ". It must be a list of group names or one "
                + "space-separated string; configure the identity provider, or change groups_claim for this issuer in paved.yaml.");
    }

    static PavedException featureInvalid(String claim) {
        return of("token_feature_invalid", "The token's '" + claim + "' claim must be a feature id: 1-64 letters, digits, '.', '_', ':' "
                + "or '-'. Fix the claim at the identity provider, or unset feature_claim for this issuer.");
    }
}
