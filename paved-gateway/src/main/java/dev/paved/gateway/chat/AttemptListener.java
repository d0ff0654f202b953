package dev.paved.gateway.chat;

/** How an {@link UpstreamAttempt} reports its end to the call that started it. Exactly one method runs per attempt. */
interface AttemptListener {
    /** The answer reached the caller in full; {@code observedMillis} is the latency the SLO judges. */
    void succeeded(UpstreamAttempt attempt, long observedMillis);

    void failed(UpstreamAttempt attempt, AttemptFailure failure);
}
