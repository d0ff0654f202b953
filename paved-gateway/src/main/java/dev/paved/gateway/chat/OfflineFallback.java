package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import io.vertx.core.Future;

/**
 * Offline mode: what to do when every target of an alias is unhealthy (all breakers open), or when an
 * operator switched the alias to answer from the cache only. The response cache plugs in here; without
 * it the caller gets a 503 that names the reason.
 */
public interface OfflineFallback {
    OfflineFallback NONE = (ctx, inbound, body, alias, channel, rec) -> Future.succeededFuture(false);

    /** True when the offline-cache-only switch is on for this call: providers are not called at all. */
    default boolean forced(RequestContext ctx, String alias) {
        return false;
    }

    /**
     * Answers the call from elsewhere, finishing {@code rec}, and completes with true; or completes with false
     * having sent nothing.
     */
    Future<Boolean> serve(RequestContext ctx, WireFormat inbound, ObjectNode body, String alias, ClientChannel channel, CallRecorder rec);
}
