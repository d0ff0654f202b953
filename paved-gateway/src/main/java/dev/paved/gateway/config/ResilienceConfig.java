package dev.paved.gateway.config;

import java.time.Duration;

/**
 * Retry and circuit-breaker settings ({@code resilience:} in paved.yaml).
 *
 * @param maxRetries          extra attempts per call after every candidate target was tried once
 * @param retryBaseDelay      first backoff step; full jitter: a random delay in [0, min(max, base·2^n)]
 * @param retryMaxDelay       cap on one backoff; a provider's Retry-After longer than this is not waited for
 * @param retryBudgetRatio    retries allowed per first attempt across all calls (0.2 = at most one retry per five calls)
 * @param retryBudgetMinimum  retries always allowed in a burst, so low traffic can still retry
 * @param failureRate         percentage of failed calls in the window that opens a breaker
 * @param minimumCalls        calls in the window before the failure rate counts
 * @param window              calls in the sliding window
 * @param consecutiveFailures failures in a row that open a breaker regardless of the rate
 * @param openFor             how long an open breaker stays open before half-open probes
 * @param halfOpenProbes      probe calls allowed while half-open; all must succeed to close
 * @param latencySlo          latency p95 (time to first token for streams) above which a target is degraded
 */
public record ResilienceConfig(int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay, double retryBudgetRatio,
                               int retryBudgetMinimum, int failureRate, int minimumCalls, int window,
                               int consecutiveFailures, Duration openFor, int halfOpenProbes, Duration latencySlo) {
    public static final ResilienceConfig DEFAULTS = new ResilienceConfig(2, Duration.ofMillis(100), Duration.ofSeconds(2), 0.2, 10,
            50, 10, 50, 5, Duration.ofSeconds(30), 2, Duration.ofSeconds(10));
}
