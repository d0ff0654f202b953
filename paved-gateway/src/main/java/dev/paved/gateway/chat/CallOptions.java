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
 */
public record CallOptions(String anthropicBeta, TrafficClass trafficClass, boolean dedup, CacheRequest cache) {
    public static final CallOptions DEFAULT = new CallOptions(null, TrafficClass.INTERACTIVE, false, CacheRequest.DEFAULT);

    public CallOptions(String anthropicBeta, TrafficClass trafficClass) {
        this(anthropicBeta, trafficClass, false, CacheRequest.DEFAULT);
    }

    public CallOptions {
        trafficClass = trafficClass == null ? TrafficClass.INTERACTIVE : trafficClass;
        cache = cache == null ? CacheRequest.DEFAULT : cache;
    }
}
