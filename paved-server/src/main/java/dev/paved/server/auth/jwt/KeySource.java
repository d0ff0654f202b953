package dev.paved.server.auth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Set;

/** Where the keys that verify an issuer's signatures come from, and which signature algorithms they allow. */
public sealed interface KeySource {
    /** The algorithms a token's header may name; anything else (including {@code none}) is refused before any key is used. */
    Set<JWSAlgorithm> algorithms();

    /** A JSON Web Key Set fetched from {@code url}, kept for {@code cacheTtl} and fetched again when a token names an unknown {@code kid}. */
    record Jwks(URI url, Duration cacheTtl) implements KeySource {
        @Override
        public Set<JWSAlgorithm> algorithms() {
            return union(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC);
        }
    }

    /** One RSA or EC public key, written in paved.yaml (or an environment variable) as PEM. */
    record PublicKeyPem(PublicKey key) implements KeySource {
        public PublicKeyPem {
            if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
                throw new IllegalArgumentException("public_key must be an RSA or EC public key");
            }
        }

        @Override
        public Set<JWSAlgorithm> algorithms() {
            return key instanceof RSAPublicKey ? Set.copyOf(JWSAlgorithm.Family.RSA) : Set.copyOf(JWSAlgorithm.Family.EC);
        }
    }

    /** A shared secret for HMAC signatures (HS256, HS384, HS512), at least 32 bytes. */
    record HmacSecret(byte[] secret) implements KeySource {
        public static final int MIN_BYTES = 32;

        public HmacSecret {
            if (secret.length < MIN_BYTES) {
                throw new IllegalArgumentException("hmac_secret must be at least " + MIN_BYTES + " bytes (256 bits) for HS256");
            }
            secret = secret.clone();
        }

        @Override
        public Set<JWSAlgorithm> algorithms() {
            return Set.copyOf(JWSAlgorithm.Family.HMAC_SHA);
        }

        @Override
        public String toString() {
            return "HmacSecret[***]";
        }
    }

    private static Set<JWSAlgorithm> union(Set<JWSAlgorithm> a, Set<JWSAlgorithm> b) {
        java.util.HashSet<JWSAlgorithm> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
