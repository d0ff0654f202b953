package dev.paved.gateway.chat;

import dev.paved.core.RequestContext;
import dev.paved.core.Usage;
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
    private volatile Consumer<LedgerEntry> whenDone;
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
        this.whenDone = action;
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
        BigDecimal cost = r == null ? BigDecimal.ZERO : r.pricing().cost(usage);
        LedgerEntry entry = new LedgerEntry(at, ctx.requestId(), ctx.traceId(), ctx.tenantId(), ctx.keyId(), ctx.featureId(), api,
                r == null ? alias : r.alias().name(),
                r == null ? null : r.provider().name(),
                r == null ? null : r.target().model(),
                stream, usage, usageSource, cost, latencyMillis,
                ttftNanos < 0 ? -1 : ttftNanos / 1_000_000, status, errorCode, attempts, List.copyOf(decisions));
        try {
            observer.completed(ctx, entry);
        } catch (RuntimeException e) {
            LOG.error("call observer failed for request {}", ctx.requestId(), e);
        }
        Consumer<LedgerEntry> after = whenDone;
        if (after != null) {
            try {
                after.accept(entry);
            } catch (RuntimeException e) {
                LOG.error("releasing the admission failed for request {}", ctx.requestId(), e);
            }
        }
    }
}
