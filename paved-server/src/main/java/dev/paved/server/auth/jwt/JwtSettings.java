package dev.paved.server.auth.jwt;

import java.util.List;

/**
 * The {@code auth:} section: trusted issuers, and how many verified tokens are remembered.
 *
 * @param cacheEntries verified tokens kept (by hash, until they expire) so the hot path does not verify signatures again
 */
public record JwtSettings(List<JwtIssuer> issuers, int cacheEntries) {
    public static final int DEFAULT_CACHE_ENTRIES = 10_000;

    public JwtSettings {
        issuers = List.copyOf(issuers);
        if (cacheEntries < 1) {
            throw new IllegalArgumentException("cacheEntries must be positive");
        }
    }

    /** No issuer is trusted: only API keys authenticate. */
    public static JwtSettings none() {
        return new JwtSettings(List.of(), DEFAULT_CACHE_ENTRIES);
    }

    public boolean enabled() {
        return !issuers.isEmpty();
    }

    /** Issuers whose tokens may be the only credential. */
    public List<JwtIssuer> tokenOnly() {
        return issuers.stream().filter(i -> i.tokenOnly() != null).toList();
    }

    /** Issuers trusted by one tenant (its id and, when known, its name). */
    public List<JwtIssuer> of(String tenantId, String tenantName) {
        return issuers.stream().filter(i -> i.trustedBy(tenantId, tenantName)).toList();
    }
}
