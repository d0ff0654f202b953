package dev.paved.gateway.resilience;

import dev.paved.gateway.config.ResilienceConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * One target's health: a Resilience4j circuit breaker (failure rate over a sliding window of calls,
 * open → half-open probes → closed), a consecutive-failure trip, and a latency window that marks the
 * target degraded while its p95 is above the SLO. Transitions are announced through a callback so
 * other replicas can follow them, and peers' transitions are applied without being re-announced.
 */
public final class TargetHealth {
    /** A state change, for the admin API. */
    public record Transition(Instant at, BreakerState from, BreakerState to, boolean fromPeer) {
    }

    private final String target;
    private final CircuitBreaker breaker;
    private final int consecutiveLimit;
    private final long sloMillis;
    private final LatencyWindow latency = new LatencyWindow();
    private final AtomicInteger consecutive = new AtomicInteger();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder transitionCount = new LongAdder();
    private final ArrayDeque<Transition> history = new ArrayDeque<>();
    private final ThreadLocal<Boolean> applyingPeer = ThreadLocal.withInitial(() -> false);

    TargetHealth(String target, ResilienceConfig cfg, BiConsumer<String, BreakerState> announce) {
        this.target = target;
        this.consecutiveLimit = cfg.consecutiveFailures();
        this.sloMillis = cfg.latencySlo().toMillis();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(1, cfg.window()))
                .minimumNumberOfCalls(Math.max(1, cfg.minimumCalls()))
                .failureRateThreshold(cfg.failureRate())
                .waitDurationInOpenState(cfg.openFor())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, cfg.halfOpenProbes()))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build();
        this.breaker = CircuitBreaker.of(target, config);
        breaker.getEventPublisher().onStateTransition(e -> {
            BreakerState from = map(e.getStateTransition().getFromState());
            BreakerState to = map(e.getStateTransition().getToState());
            boolean peer = applyingPeer.get();
            transitionCount.increment();
            synchronized (history) {
                history.addLast(new Transition(Instant.now(), from, to, peer));
                while (history.size() > 20) {
                    history.removeFirst();
                }
            }
            if (!peer && (to == BreakerState.OPEN || to == BreakerState.CLOSED)) {
                announce.accept(target, to);
            }
        });
    }

    public String target() {
        return target;
    }

    /** The underlying breaker, for metrics binding. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Asks to send one call. False while open (counted as rejected); while half-open only the probe
     * calls get through. A true answer must be followed by exactly one of succeeded, failed or released.
     */
    public boolean tryAcquire() {
        boolean ok = breaker.tryAcquirePermission();
        if (!ok) {
            rejected.increment();
        }
        return ok;
    }

    /** The call worked; {@code observedMillis} is what the SLO judges (total latency, or TTFT for streams). */
    public void succeeded(long durationNanos, long observedMillis) {
        calls.increment();
        consecutive.set(0);
        latency.record(observedMillis);
        breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** The call failed in a way that says the target is unhealthy. */
    public void failed(long durationNanos, Throwable cause) {
        calls.increment();
        failures.increment();
        breaker.onError(durationNanos, TimeUnit.NANOSECONDS, cause);
        if (consecutive.incrementAndGet() >= consecutiveLimit && breaker.getState() == CircuitBreaker.State.CLOSED) {
            breaker.transitionToOpenState();
        }
    }

    /** The call ended without saying anything about the target (the caller went away). */
    public void released() {
        breaker.releasePermission();
    }

    public void retried() {
        retries.increment();
    }

    public void fellBackFrom() {
        fallbacks.increment();
    }

    /** Health for routing: open and half-open from the breaker, degraded when closed but slow. */
    public BreakerState state() {
        BreakerState s = map(breaker.getState());
        if (s == BreakerState.CLOSED && sloMillis > 0 && latency.count() >= 10 && latency.p95() > sloMillis) {
            return BreakerState.DEGRADED;
        }
        return s;
    }

    /** Follows another replica's transition without announcing it again. */
    void applyPeer(BreakerState to) {
        applyingPeer.set(true);
        try {
            CircuitBreaker.State now = breaker.getState();
            if (to == BreakerState.OPEN && now != CircuitBreaker.State.OPEN) {
                breaker.transitionToOpenState();
            } else if (to == BreakerState.CLOSED && now != CircuitBreaker.State.CLOSED) {
                breaker.transitionToClosedState();
            }
        } finally {
            applyingPeer.set(false);
        }
    }

    public long calls() {
        return calls.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long fallbacks() {
        return fallbacks.sum();
    }

    public long transitionCount() {
        return transitionCount.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    /** Failure rate in percent over the breaker's window, or -1 before it has enough calls. */
    public float failureRate() {
        return breaker.getMetrics().getFailureRate();
    }

    public long latencyP50() {
        return latency.p50();
    }

    public long latencyP95() {
        return latency.p95();
    }

    public Duration slo() {
        return Duration.ofMillis(sloMillis);
    }

    public List<Transition> transitions() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    private static BreakerState map(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED, DISABLED, METRICS_ONLY -> BreakerState.CLOSED;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            case OPEN, FORCED_OPEN -> BreakerState.OPEN;
        };
    }
}
