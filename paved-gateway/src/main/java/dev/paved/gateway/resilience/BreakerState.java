package dev.paved.gateway.resilience;

/** A target's health as the router sees it. */
public enum BreakerState {
    /** Healthy: takes traffic in its configured order. */
    CLOSED,
    /** Healthy but slow (latency p95 above its SLO): still usable, tried after healthy targets. */
    DEGRADED,
    /** Failing: skipped until the open period ends. */
    OPEN,
    /** Open period over: a limited number of probe calls decide between CLOSED and OPEN. */
    HALF_OPEN
}
