package dev.paved.gateway.chat;

import dev.paved.core.PavedException;

/**
 * Why one upstream attempt failed, and what that allows next.
 *
 * @param code             machine-readable reason for the ledger and the decision log
 * @param retryable        the same target may be tried again after a backoff (transient: 429, 5xx, timeouts, resets)
 * @param fallback         another target may be tried (retryable failures, upstream auth failures, content-policy refusals
 *                         and context-length rejections)
 * @param unhealthy        the failure counts against the target's circuit breaker
 * @param retryAfterMillis the provider's Retry-After, or -1
 * @param retryAfterHeader the raw Retry-After to pass on if this failure reaches the caller, or null
 * @param delivered        the caller already received bytes of this attempt's answer (and its error event): final
 */
record AttemptFailure(PavedException error, String code, boolean retryable, boolean fallback, boolean unhealthy,
                      long retryAfterMillis, String retryAfterHeader, boolean delivered) {

    /** Transient trouble at the target: retry, fall back, count against its breaker. */
    static AttemptFailure transientFailure(PavedException e) {
        return new AttemptFailure(e, e.code(), true, true, true, -1, null, false);
    }

    /** A failure after the caller's stream started: nothing more may be tried. */
    static AttemptFailure afterStreamStarted(PavedException e, boolean unhealthy) {
        return new AttemptFailure(e, e.code(), false, false, unhealthy, -1, null, true);
    }
}
