package dev.paved.gateway.cache;

/**
 * A lookup that found an answer.
 *
 * @param kind       {@code exact} or {@code semantic}
 * @param similarity cosine similarity of the queries (1.0 for an exact hit)
 */
public record CacheHit(CachedAnswer answer, String kind, double similarity) {
}
