package dev.paved.server.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.MalformedURLException;
import java.security.Key;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a signed JWT against a set of trusted issuers, with nimbus-jose-jwt: the issuer is chosen by {@code iss}
 * (and {@code aud} when one issuer is configured for several audiences), the header's algorithm must belong to that
 * issuer's key type, the signature must verify, {@code exp} must be present and {@code exp} / {@code nbf} hold within the
 * allowed clock skew; then the claims are mapped to an {@link EndUser}. Blocking when a JWKS must be fetched: call it
 * from a worker thread. JWKS are cached per URL (refetched on an unknown {@code kid}, at most twice per 30 seconds).
 */
public final class TokenVerifier {
    static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;
    static final int JWKS_READ_TIMEOUT_MS = 3_000;
    static final int JWKS_SIZE_LIMIT = 512 * 1024;

    /** A token that checked out, from which issuer entry, until when. */
    public record Verified(JwtIssuer issuer, EndUser user, Instant expiresAt) {
    }

    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
    private final ConcurrentHashMap<java.net.URI, JWKSource<SecurityContext>> jwks = new ConcurrentHashMap<>();

    /** Whether a credential has the shape of a JWT (three base64url parts), as opposed to a Paved API key. */
    public static boolean looksLikeJwt(String credential) {
        if (credential == null || credential.length() < 10) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < credential.length(); i++) {
            char c = credential.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return dots == 2 && credential.charAt(0) != '.';
    }

    /**
     * @param candidates the issuers that may have signed this token (one tenant's, or every token-only issuer)
     * @param withKey    whether the token came with an API key (only changes the wording of an untrusted-issuer error)
     * @throws dev.paved.core.PavedException 401 with the reason, or 503 when the issuer's keys cannot be fetched
     */
    public Verified verify(String token, List<JwtIssuer> candidates, boolean withKey, Instant now) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw TokenErrors.malformed();
        }
        if (jwt instanceof PlainJWT) {
            throw TokenErrors.unsigned();
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw TokenErrors.encrypted();
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw TokenErrors.malformed();
        }
        JwtIssuer issuer = choose(claims, candidates, withKey);
        JWSHeader header = signed.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!issuer.keys().algorithms().contains(alg)) {
            throw TokenErrors.algorithm(alg.getName(), issuer.issuer());
        }
        verifySignature(signed, issuer);
        Instant exp = checkTimes(claims, issuer, now);
        return new Verified(issuer, ClaimMapping.map(claims, issuer), exp);
    }

    /** The candidate whose {@code iss} the token names and, among several, whose audience it carries. */
    static JwtIssuer choose(JWTClaimsSet claims, List<JwtIssuer> candidates, boolean withKey) {
        String iss = claims.getIssuer();
        List<JwtIssuer> sameIssuer = candidates.stream().filter(c -> c.issuer().equals(iss)).toList();
        if (sameIssuer.isEmpty()) {
            throw TokenErrors.issuerNotTrusted(iss, withKey);
        }
        List<String> aud = claims.getAudience() == null ? List.of() : claims.getAudience();
        for (JwtIssuer c : sameIssuer) {
            if (aud.contains(c.audience())) {
                return c;
            }
        }
        throw TokenErrors.audience(aud, sameIssuer.stream().map(JwtIssuer::audience).toList());
    }

    private void verifySignature(SignedJWT signed, JwtIssuer issuer) {
        List<? extends Key> keys = keys(signed.getHeader(), issuer);
        for (Key key : keys) {
            try {
                JWSVerifier verifier = verifiers.createJWSVerifier(signed.getHeader(), key);
                if (signed.verify(verifier)) {
                    return;
                }
            } catch (JOSEException e) {
                // a key of another type or curve, or a critical header this verifier does not understand: try the next key
            }
        }
        throw TokenErrors.badSignature();
    }

    private List<? extends Key> keys(JWSHeader header, JwtIssuer issuer) {
        return switch (issuer.keys()) {
            case KeySource.PublicKeyPem pem -> List.of(pem.key());
            case KeySource.HmacSecret hmac -> List.of(new SecretKeySpec(hmac.secret(), "HmacSHA" + header.getAlgorithm().getName().substring(2)));
            case KeySource.Jwks set -> {
                List<Key> found;
                try {
                    found = new ArrayList<>(new JWSVerificationKeySelector<>(set.algorithms(), source(set)).selectJWSKeys(header, null));
                } catch (RateLimitReachedException e) {
                    throw TokenErrors.unknownKey(header.getKeyID());
                } catch (KeySourceException e) {
                    throw TokenErrors.keysUnavailable(issuer.issuer());
                }
                if (found.isEmpty()) {
                    throw TokenErrors.unknownKey(header.getKeyID());
                }
                yield found;
            }
        };
    }

    private JWKSource<SecurityContext> source(KeySource.Jwks set) {
        return jwks.computeIfAbsent(set.url(), url -> {
            try {
                long ttl = set.cacheTtl().toMillis();
                return JWKSourceBuilder.<SecurityContext>create(url.toURL(),
                                new DefaultResourceRetriever(JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                        .cache(ttl, JWKS_CONNECT_TIMEOUT_MS + JWKS_READ_TIMEOUT_MS)
                        .build();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("jwks_url was checked at start", e);
            }
        });
    }

    private static Instant checkTimes(JWTClaimsSet claims, JwtIssuer issuer, Instant now) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw TokenErrors.noExpiry();
        }
        Instant expires = exp.toInstant();
        if (!now.isBefore(expires.plus(issuer.clockSkew()))) {
            throw TokenErrors.expired(expires);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(issuer.clockSkew()).isBefore(nbf.toInstant())) {
            throw TokenErrors.notYetValid(nbf.toInstant());
        }
        return expires.plus(issuer.clockSkew());
    }
}
