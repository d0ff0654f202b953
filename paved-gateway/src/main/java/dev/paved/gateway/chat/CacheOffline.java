package dev.paved.gateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheHit;
import dev.paved.gateway.cache.CacheLookup;
import dev.paved.gateway.cache.CacheRequest;
import dev.paved.gateway.cache.ResponseCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Offline mode served from the response cache: a similar earlier answer at the lower offline threshold,
 * never one that calls tools, marked degraded with a notice. Any call may be answered this way, not only
 * deterministic ones: a possibly stale answer that says so beats an error while the model is down.
 */
public final class CacheOffline implements OfflineFallback {
    private final Vertx vertx;
    private final ResponseCache cache;
    private final BiPredicate<RequestContext, String> cacheOnlySwitch;

    /** @param cacheOnlySwitch whether the offline-cache-only switch is on for a call's tenant and alias */
    public CacheOffline(Vertx vertx, ResponseCache cache, BiPredicate<RequestContext, String> cacheOnlySwitch) {
        this.vertx = vertx;
        this.cache = cache;
        this.cacheOnlySwitch = cacheOnlySwitch;
    }

    @Override
    public boolean forced(RequestContext ctx, String alias) {
        return cacheOnlySwitch.test(ctx, alias);
    }

    @Override
    public Future<Boolean> serve(RequestContext ctx, WireFormat inbound, ObjectNode body, String alias, ClientChannel channel,
                                 CallRecorder rec) {
        CacheLookup lookup = cache.prepare(ctx, inbound, alias, body, new CacheRequest(false, true, true, null, null));
        if (lookup == null) {
            return Future.succeededFuture(false);
        }
        return vertx.executeBlocking(() -> cache.findOffline(lookup), false).map((Optional<CacheHit> hit) -> {
            if (hit.isEmpty()) {
                return false;
            }
            rec.cacheHit(hit.get());
            rec.decision("offline:served_from_cache");
            CachedReplies.send(inbound, body, hit.get(), channel, true);
            rec.succeeded(200);
            return true;
        }).otherwise(false);
    }
}
