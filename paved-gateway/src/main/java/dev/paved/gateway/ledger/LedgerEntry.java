package dev.paved.gateway.ledger;

import dev.paved.core.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One model call as finance and operators see it. Exactly one entry per call, whatever its outcome.
 *
 * @param api          inbound API: {@code openai.chat}, {@code openai.embeddings}, {@code anthropic.messages}
 * @param usageSource  {@code provider} when the upstream reported usage, {@code estimated} when counted locally
 * @param status       HTTP status returned to the caller (200 for a stream that completed)
 * @param errorCode    machine-readable failure reason, or null on success
 * @param ttftMillis   time to first token for streams, -1 otherwise
 * @param attempts     upstream calls made (retries and fallbacks included); 0 when none was made
 * @param decisions    routing and policy decisions in order, e.g. {@code retry:openai/gpt-4o:503}, {@code fallback:azure/gpt-4o}
 * @param cache        {@code hit:exact}, {@code hit:semantic}, {@code miss}, or null when the cache was not consulted
 * @param savedTokens  tokens a cache hit did not spend (the cached answer's input + output), else 0
 * @param savedCost    what those tokens cost when the answer was produced, else zero
 * @param principalId  the end user a verified JWT named (its subject), or null for a call authenticated by an API key alone
 */
public record LedgerEntry(Instant at, String requestId, String traceId, String tenantId, String keyId,
                          String featureId, String api, String alias, String provider, String model,
                          boolean stream, Usage usage, String usageSource, BigDecimal cost,
                          long latencyMillis, long ttftMillis, int status, String errorCode,
                          int attempts, List<String> decisions, String cache, long savedTokens, BigDecimal savedCost,
                          String principalId) {
    public LedgerEntry {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        savedCost = savedCost == null ? BigDecimal.ZERO : savedCost;
    }

    /** An entry without an end-user principal. */
    public LedgerEntry(Instant at, String requestId, String traceId, String tenantId, String keyId, String featureId, String api,
                       String alias, String provider, String model, boolean stream, Usage usage, String usageSource, BigDecimal cost,
                       long latencyMillis, long ttftMillis, int status, String errorCode, int attempts, List<String> decisions,
                       String cache, long savedTokens, BigDecimal savedCost) {
        this(at, requestId, traceId, tenantId, keyId, featureId, api, alias, provider, model, stream, usage, usageSource, cost,
                latencyMillis, ttftMillis, status, errorCode, attempts, decisions, cache, savedTokens, savedCost, null);
    }

    /** An entry the cache was not involved in. */
    public LedgerEntry(Instant at, String requestId, String traceId, String tenantId, String keyId, String featureId, String api,
                       String alias, String provider, String model, boolean stream, Usage usage, String usageSource, BigDecimal cost,
                       long latencyMillis, long ttftMillis, int status, String errorCode, int attempts, List<String> decisions) {
        this(at, requestId, traceId, tenantId, keyId, featureId, api, alias, provider, model, stream, usage, usageSource, cost,
                latencyMillis, ttftMillis, status, errorCode, attempts, decisions, null, 0, BigDecimal.ZERO);
    }
}
