package dev.paved.gateway.chat;

import dev.paved.core.RequestContext;
import dev.paved.core.Usage;
import dev.paved.gateway.cache.CacheHit;
import dev.paved.gateway.cache.CachedAnswer;
import dev.paved.gateway.ledger.LedgerEntry;
import dev.paved.gateway.route.Route;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what one call did (route, timings, usage, outcome) and hands exactly one ledger entry
 * to the observer, however the call ends: success, upstream failure, timeout or client disconnect.
 */
public final class CallRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

    private final RequestContext ctx;
    private final String api;
    private final CallObserver observer;
    private final Instant at = Instant.now();
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile String alias;
    private volatile Route route;
    private volatile boolean stream;
    private volatile long ttftNanos = -1;
    private volatile Usage usage = Usage.ZERO;
    private volatile String usageSource = "none";
    private final List<Consumer<LedgerEntry>> whenDone = new CopyOnWriteArrayList<>();
    private volatile String cache;
    private volatile CachedAnswer servedFrom;
    private final List<String> decisions = new CopyOnWriteArrayList<>();
    private volatile int attempts;

    public CallRecorder(RequestContext ctx, String api, CallObserver observer) {
        this.ctx = ctx;
        this.api = api;
        this.observer = observer;
    }

    public RequestContext context() {
        return ctx;
    }

    /** The model name the caller sent. */
    public String aliasName() {
        return alias;
    }

    /** W3C traceparent to send upstream: the caller's trace, this gateway's edge span. */
    public String traceparent() {
        return ctx.traceparent();
    }

    public void alias(String alias) {
        this.alias = alias;
    }

    public void route(Route route) {
        this.route = route;
    }

    /** Runs once with the ledger entry after the observer saw it (releases the admission's reservations). */
    public void whenDone(Consumer<LedgerEntry> action) {
        whenDone.add(action);
    }

    /** The cache was consulted and missed. */
    public void cacheMiss() {
        cache = "miss";
    }

    /** The answer came from the cache: no tokens spent, the cached answer's tokens and cost saved. */
    public void cacheHit(CacheHit hit) {
        cache = "hit:" + hit.kind();
        servedFrom = hit.answer();
    }

    /** Notes routing and policy decisions (retry, fallback, degrade) for the ledger row and the trace. */
    public void decision(String decision) {
        decisions.add(decision);
    }

    /** Counts one upstream call (the first, a retry or a fallback). */
    public void attempt() {
        attempts++;
    }

    public int attempts() {
        return attempts;
    }

    public void decisions(List<String> all) {
        decisions.addAll(all);
    }

    /** The route of the latest attempt, or null before routing. */
    public Route route() {
        return route;
    }

    /** Usage noted so far (the provider's, or the estimate). */
    public Usage usageSoFar() {
        return usage;
    }

    /** What the usage noted so far costs at the latest route's prices. */
    public BigDecimal costSoFar() {
        Route r = route;
        return r == null ? BigDecimal.ZERO : r.pricing().cost(usage);
    }

    public boolean streaming() {
        return stream;
    }

    public void stream(boolean stream) {
        this.stream = stream;
    }

    public void firstToken() {
        if (ttftNanos < 0) {
            ttftNanos = System.nanoTime() - startNanos;
        }
    }

    public boolean sawFirstToken() {
        return ttftNanos >= 0;
    }

    /** @param source {@code provider} when the upstream reported it, {@code estimated} when counted here */
    public void usage(Usage usage, String source) {
        this.usage = usage;
        this.usageSource = source;
    }

    public boolean finished() {
        return done.get();
    }

    public void succeeded(int status) {
        finish(status, null);
    }

    public void failed(int status, String errorCode) {
        finish(status, errorCode);
    }

    private void finish(int status, String errorCode) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        long latencyMillis = (System.nanoTime() - startNanos) / 1_000_000;
        Route r = route;
        CachedAnswer hit = servedFrom;
        BigDecimal cost = r == null || hit != null ? BigDecimal.ZERO : r.pricing().cost(usage);
        LedgerEntry entry = new LedgerEntry(at, ctx.requestId(), ctx.traceId(), ctx.tenantId(), ctx.keyId(), ctx.featureId(), api,
                r == null ? alias : r.alias().name(),
                hit != null ? hit.provider() : r == null ? null : r.provider().name(),
                hit != null ? hit.model() : r == null ? null : r.target().model(),
                stream, hit != null ? Usage.ZERO : usage, hit != null ? "cache" : usageSource, cost, latencyMillis,
                ttftNanos < 0 ? -1 : ttftNanos / 1_000_000, status, errorCode, attempts, List.copyOf(decisions), cache,
                hit == null ? 0 : hit.usage().inputTokens() + hit.usage().outputTokens(), hit == null ? BigDecimal.ZERO : hit.cost(),
                ctx.principalId());
        try {
            observer.completed(ctx, entry);
        } catch (RuntimeException e) {
            LOG.error("call observer failed for request {}", ctx.requestId(), e);
        }
        for (Consumer<LedgerEntry> after : whenDone) {
            try {
                after.accept(entry);
            } catch (RuntimeException e) {
                LOG.error("a completion action failed for request {}", ctx.requestId(), e);
            }
        }
    }
}
