package dev.paved.gateway.cache;

import dev.paved.core.Usage;
import java.math.BigDecimal;

/**
 * One cached answer, as the caller received it (JSON in the caller's wire format), with what producing
 * it cost so a hit can report the tokens and dollars it saved.
 *
 * @param scope      tenant, alias, knowledge-base version, embedding model and context hash, joined
 * @param exactKey   {@link CacheKeys#exactKey}
 * @param vector     normalised embedding of the query, or null when the entry is exact-only
 * @param toolCalls  whether the answer calls tools (served only where the alias allows it, never offline)
 */
public record CachedAnswer(String id, String tenantId, String alias, String scope, String exactKey, float[] vector,
                           byte[] response, Usage usage, BigDecimal cost, String provider, String model, boolean toolCalls,
                           long createdMillis, long expiresMillis) {
}
