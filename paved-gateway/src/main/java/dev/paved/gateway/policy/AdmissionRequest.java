package dev.paved.gateway.policy;

import dev.paved.core.RequestContext;
import dev.paved.gateway.config.AliasKind;

/**
 * What the traffic policy sees of a call before it is routed.
 *
 * @param alias                the model alias the caller named
 * @param stream               whether the caller asked for a stream (streams have their own concurrency limit)
 * @param estimatedInputTokens the gateway's pre-flight estimate of the prompt's tokens
 * @param maxOutputTokens      the caller's output cap, or 0 when it set none
 */
public record AdmissionRequest(RequestContext ctx, String alias, AliasKind kind, boolean stream,
                               long estimatedInputTokens, long maxOutputTokens, TrafficClass trafficClass) {
}
