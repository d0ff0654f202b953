package dev.paved.server.config;

import dev.paved.gateway.config.ResilienceConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Reads {@code resilience:} (retries, retry budget, circuit breakers); every key is optional. */
final class ResilienceSection {
    static final List<String> KEYS = List.of("max_retries", "retry_base_delay", "retry_max_delay", "retry_budget_ratio",
            "retry_budget_minimum", "failure_rate", "minimum_calls", "window", "consecutive_failures", "open_for",
            "half_open_probes", "latency_slo");

    private ResilienceSection() {
    }

    static ResilienceConfig read(YamlMapping.Entry section, ValueReader reader) {
        ResilienceConfig d = ResilienceConfig.DEFAULTS;
        if (section == null) {
            return d;
        }
        YamlMapping m = reader.mapping(section.value(), "resilience", section.keyNode(),
                "retry and circuit-breaker settings (" + String.join(", ", KEYS) + ")");
        if (m == null) {
            return d;
        }
        m.rejectUnknown(KEYS);
        Function<String, Duration> duration = ValueParsers::duration;
        return new ResilienceConfig(
                reader.optional(m, "max_retries", t -> ValueParsers.intBetween(t, "max_retries", 0, 10), d.maxRetries()),
                reader.optional(m, "retry_base_delay", duration, d.retryBaseDelay()),
                reader.optional(m, "retry_max_delay", duration, d.retryMaxDelay()),
                reader.optional(m, "retry_budget_ratio", t -> ValueParsers.decimalBetween(t, "a number between 0 and 1", 0, 1), d.retryBudgetRatio()),
                reader.optional(m, "retry_budget_minimum", t -> ValueParsers.intBetween(t, "retry_budget_minimum", 0, 10_000), d.retryBudgetMinimum()),
                reader.optional(m, "failure_rate", t -> ValueParsers.intBetween(t, "failure_rate (a percentage)", 1, 100), d.failureRate()),
                reader.optional(m, "minimum_calls", t -> ValueParsers.intBetween(t, "minimum_calls", 1, 100_000), d.minimumCalls()),
                reader.optional(m, "window", t -> ValueParsers.intBetween(t, "window", 1, 100_000), d.window()),
                reader.optional(m, "consecutive_failures", t -> ValueParsers.intBetween(t, "consecutive_failures", 1, 100_000), d.consecutiveFailures()),
                reader.optional(m, "open_for", duration, d.openFor()),
                reader.optional(m, "half_open_probes", t -> ValueParsers.intBetween(t, "half_open_probes", 1, 1000), d.halfOpenProbes()),
                reader.optional(m, "latency_slo", duration, d.latencySlo()));
    }
}
