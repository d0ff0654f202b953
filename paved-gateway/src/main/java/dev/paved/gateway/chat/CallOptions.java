package dev.paved.gateway.chat;

import dev.paved.gateway.policy.TrafficClass;

/**
 * Per-call settings that come from request headers rather than the body.
 *
 * @param anthropicBeta the caller's {@code anthropic-beta} header, passed on to Anthropic providers, or null
 * @param trafficClass  the capacity pool the call draws from ({@code x-paved-traffic-class})
 */
public record CallOptions(String anthropicBeta, TrafficClass trafficClass) {
    public static final CallOptions DEFAULT = new CallOptions(null, TrafficClass.INTERACTIVE);

    public CallOptions {
        trafficClass = trafficClass == null ? TrafficClass.INTERACTIVE : trafficClass;
    }
}
