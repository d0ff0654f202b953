package dev.paved.server.auth;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resolves a bearer secret to a {@link Principal}. Lookups hit the database on a worker thread and
 * are cached by the secret's SHA-256 (never by the secret) for a few seconds, so a disabled key
 * stops working on every replica within {@link #POSITIVE_TTL_NANOS}; this replica forgets at once.
 * Unknown secrets are cached briefly too, so a flood of bad keys does not reach the database.
 */
public final class KeyAuthenticator {
    static final long POSITIVE_TTL_NANOS = 5_000_000_000L;
    static final long NEGATIVE_TTL_NANOS = 2_000_000_000L;
    private static final int MAX_ENTRIES = 100_000;

    private record Cached(Principal principal, long expiresAt) {
    }

    private final Vertx vertx;
    private final Function<String, Optional<Principal>> lookup;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param lookup blocking lookup of an active key (and active tenant) by its secret */
    public KeyAuthenticator(Vertx vertx, Function<String, Optional<Principal>> lookup) {
        this.vertx = vertx;
        this.lookup = lookup;
    }

    public Future<Principal> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Future.failedFuture(missing());
        }
        String hash = sha256Hex(secret);
        Cached c = cache.get(hash);
        long now = System.nanoTime();
        if (c != null && c.expiresAt - now > 0) {
            return c.principal == null ? Future.failedFuture(invalid()) : Future.succeededFuture(c.principal);
        }
        return vertx.executeBlocking(() -> lookup.apply(secret), false).compose(found -> {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            long t = System.nanoTime();
            cache.put(hash, new Cached(found.orElse(null), t + (found.isPresent() ? POSITIVE_TTL_NANOS : NEGATIVE_TTL_NANOS)));
            return found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(invalid()));
        });
    }

    /** Forget every cached decision (after a key or tenant was disabled here). */
    public void invalidateAll() {
        cache.clear();
    }

    public static String sha256Hex(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static PavedException missing() {
        return new PavedException(ErrorKind.AUTHENTICATION,
                "No API key provided. Send your Paved key as 'Authorization: Bearer <key>' (OpenAI SDKs) or 'x-api-key: <key>' (Anthropic SDKs).",
                null, "missing_api_key");
    }

    static PavedException invalid() {
        return new PavedException(ErrorKind.AUTHENTICATION,
                "Invalid or disabled API key. Check the key, or ask your platform team for a new one (paved keys create).",
                null, "invalid_api_key");
    }
}
