package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.route.RoutePlan;

/**
 * Offline mode: what to do when every target of an alias is unhealthy (all breakers open). The response
 * cache plugs in here; without one the caller gets a 503 that names the reason.
 */
@FunctionalInterface
public interface OfflineFallback {
    OfflineFallback NONE = (ctx, inbound, body, plan, channel, rec) -> false;

    /** Answers the call from elsewhere and returns true (having finished {@code rec}), or returns false. */
    boolean serve(RequestContext ctx, WireFormat inbound, ObjectNode body, RoutePlan plan, ClientChannel channel, CallRecorder rec);
}
