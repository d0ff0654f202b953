package dev.paved.server.telemetry;

import dev.paved.gateway.resilience.HealthRegistry;
import dev.paved.gateway.resilience.TargetHealth;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Per-target health as Prometheus metrics: breaker state (0 closed, 1 degraded, 2 half-open, 3 open),
 * calls, failures, retries, fallbacks away from the target, calls refused by an open breaker, breaker
 * transitions and latency p50/p95 over the recent window.
 */
public final class ResilienceMetrics {
    private ResilienceMetrics() {
    }

    public static void bind(MeterRegistry registry, HealthRegistry health) {
        health.onCreate(h -> bindOne(registry, h));
    }

    private static void bindOne(MeterRegistry registry, TargetHealth h) {
        Tags tags = Tags.of("target", h.target());
        Gauge.builder("paved.target.state", h, t -> t.state().ordinal()).tags(tags)
                .description("Breaker state: 0 closed, 1 degraded, 2 half-open, 3 open").register(registry);
        FunctionCounter.builder("paved.target.calls", h, TargetHealth::calls).tags(tags).description("Upstream calls that ended").register(registry);
        FunctionCounter.builder("paved.target.failures", h, TargetHealth::failures).tags(tags).description("Calls that counted against the breaker").register(registry);
        FunctionCounter.builder("paved.target.retries", h, TargetHealth::retries).tags(tags).description("Retries sent to the target").register(registry);
        FunctionCounter.builder("paved.target.fallbacks", h, TargetHealth::fallbacks).tags(tags).description("Calls that fell back away from the target").register(registry);
        FunctionCounter.builder("paved.target.rejected", h, TargetHealth::rejected).tags(tags).description("Calls refused by an open breaker").register(registry);
        FunctionCounter.builder("paved.target.transitions", h, TargetHealth::transitionCount).tags(tags)
                .description("Breaker state changes, peers' included").register(registry);
        Gauge.builder("paved.target.latency.p50", h, TargetHealth::latencyP50).tags(tags).baseUnit("milliseconds").register(registry);
        Gauge.builder("paved.target.latency.p95", h, TargetHealth::latencyP95).tags(tags).baseUnit("milliseconds").register(registry);
    }
}
