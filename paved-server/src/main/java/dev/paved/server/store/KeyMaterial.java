package dev.paved.server.store;

import dev.paved.core.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Key plaintexts of the form {@code <kind>_<8 visible chars>_<32 secret chars>}, e.g. {@code pk_…} for API keys
 * and {@code pa_…} for admin keys. The first two parts are the prefix, stored and shown; the whole key is
 * stored only as its SHA-256 (a 190-bit random secret needs no slow hash).
 */
public record KeyMaterial(String prefix, String plaintext) {
    static final int VISIBLE = 8;
    static final int SECRET = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** A fresh key of the given kind ({@code pk}, {@code pa}). */
    public static KeyMaterial generate(String kind) {
        String prefix = kind + "_" + Ids.secret(VISIBLE);
        return new KeyMaterial(prefix, prefix + "_" + Ids.secret(SECRET));
    }

    /** The prefix of {@code plaintext} when it is a well-formed key of {@code kind}. */
    public static Optional<String> prefixOf(String kind, String plaintext) {
        if (plaintext == null || !pattern(kind).matcher(plaintext).matches()) {
            return Optional.empty();
        }
        return Optional.of(plaintext.substring(0, kind.length() + 1 + VISIBLE));
    }

    /** SHA-256 of the UTF-8 bytes of {@code plaintext}, lower-case hex. */
    public static String hashHex(String plaintext) {
        return HEX.formatHex(sha256(plaintext));
    }

    /** Compares a presented key with a stored hash in time independent of where they differ. */
    public static boolean matches(String plaintext, String storedHashHex) {
        byte[] stored = storedHashHex == null || storedHashHex.length() != 64 ? new byte[32] : HEX.parseHex(storedHashHex);
        return MessageDigest.isEqual(sha256(plaintext), stored) && storedHashHex != null;
    }

    @Override
    public String toString() {
        return "KeyMaterial[prefix=" + prefix + ", plaintext=***]";
    }

    static byte[] sha256(String plaintext) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Pattern pattern(String kind) {
        return PATTERNS.computeIfAbsent(kind, k -> Pattern.compile(Pattern.quote(k) + "_[A-Za-z0-9]{" + VISIBLE + "}_[A-Za-z0-9]{" + SECRET + "}"));
    }
}
