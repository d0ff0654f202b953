package dev.paved.gateway.chat;

import dev.paved.gateway.cache.CacheRequest;
import dev.paved.gateway.policy.TrafficClass;

/**
 * Per-call settings that come from request headers rather than the body.
 *
 * @param anthropicBeta the caller's {@code anthropic-beta} header, passed on to Anthropic providers, or null
 * @param trafficClass  the capacity pool the call draws from ({@code x-paved-traffic-class})
 * @param dedup         the caller allows sharing one upstream call with identical concurrent calls ({@code x-paved-dedup: true})
 * @param cache         what the caller asked of the response cache
 * @param promptTokens  the prompt's tokens as an in-process caller already measured them with the gateway's encoding
 *                      (the RAG service), used for limits and the context-window check instead of counting the prompt
 *                      again; 0 when unknown (every HTTP caller)
 */
public record CallOptions(String anthropicBeta, TrafficClass trafficClass, boolean dedup, CacheRequest cache, int promptTokens) {
    public static final CallOptions DEFAULT = new CallOptions(null, TrafficClass.INTERACTIVE, false, CacheRequest.DEFAULT);

    public CallOptions(String anthropicBeta, TrafficClass trafficClass, boolean dedup, CacheRequest cache) {
        this(anthropicBeta, trafficClass, dedup, cache, 0);
    }

    public CallOptions(String anthropicBeta, TrafficClass trafficClass) {
        this(anthropicBeta, trafficClass, false, CacheRequest.DEFAULT);
    }

    public CallOptions {
        trafficClass = trafficClass == null ? TrafficClass.INTERACTIVE : trafficClass;
        cache = cache == null ? CacheRequest.DEFAULT : cache;
        if (promptTokens < 0) {
            throw new IllegalArgumentException("promptTokens must not be negative");
        }
    }
}
