package dev.paved.rag;

import java.util.Map;

/**
 * What one step did: when it started (epoch nanoseconds), how long it took, and its decision in a word or two
 * ({@code ran}, {@code skipped:no_history}, {@code hit:semantic}, {@code blocked:injection}, ...).
 */
public record StepRecord(RagStep step, long startEpochNanos, long durationNanos, String decision, Map<String, String> attributes) {
    public StepRecord {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public boolean skipped() {
        return decision.startsWith("skipped");
    }

    public double millis() {
        return durationNanos / 1_000_000.0;
    }
}
