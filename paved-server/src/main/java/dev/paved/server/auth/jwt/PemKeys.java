package dev.paved.server.auth.jwt;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads a PEM public key ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo) with the JDK alone. */
public final class PemKeys {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PemKeys() {
    }

    /** @throws IllegalArgumentException with what is wrong (never the key text) */
    public static PublicKey publicKey(String pem) {
        String text = pem.strip();
        if (text.contains("BEGIN RSA PUBLIC KEY")) {
            throw new IllegalArgumentException("public_key is a PKCS#1 'RSA PUBLIC KEY'; convert it to a 'PUBLIC KEY' "
                    + "(openssl rsa -RSAPublicKey_in -in key.pem -pubout)");
        }
        if (text.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("public_key holds a private key; give the public key only (openssl pkey -in key.pem -pubout)");
        }
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("public_key must be a PEM public key from '" + BEGIN + "' to '" + END + "'");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public_key is not valid base64 between its PEM lines");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // try the next key type
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm + " is part of every JDK", e);
            }
        }
        throw new IllegalArgumentException("public_key is neither an RSA nor an EC public key");
    }
}
