package dev.paved.gateway.policy;

import io.vertx.core.Future;

/**
 * Admission control in front of routing: kill switches, rate limits, concurrency bulkheads and
 * budgets. A refusal is a failed future carrying a {@link dev.paved.core.PavedException} with the
 * status, code and headers (such as {@code retry-after}) the caller must see.
 */
@FunctionalInterface
public interface TrafficPolicy {
    /** Lets everything through; the embedded default until limits are configured. */
    TrafficPolicy OPEN = request -> Future.succeededFuture(Admission.unlimited(request.alias()));

    Future<Admission> admit(AdmissionRequest request);

    /** Whether {@link AdmissionRequest#estimatedInputTokens()} is needed (token limits); counting costs CPU. */
    default boolean wantsInputEstimate() {
        return false;
    }
}
