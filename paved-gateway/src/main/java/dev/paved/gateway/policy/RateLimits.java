package dev.paved.gateway.policy;

/**
 * Rate and concurrency limits of one scope (a tenant or a key). A null field means "no limit here".
 * Interactive calls draw on {@code concurrentRequests}/{@code concurrentStreams}; batch calls on the
 * separate {@code batch*} capacity, so a bulk job can never take the slots chat needs.
 *
 * @param tokensPerMinute input plus output tokens; a call is admitted while the minute's total is below
 *                        the limit and charged its real tokens when it ends
 */
public record RateLimits(Long requestsPerMinute, Long tokensPerMinute, Long concurrentRequests, Long concurrentStreams,
                         Long batchConcurrentRequests, Long batchConcurrentStreams) {
    public static final RateLimits NONE = new RateLimits(null, null, null, null, null, null);

    /** These limits where set, {@code base}'s elsewhere. */
    public RateLimits over(RateLimits base) {
        return new RateLimits(or(requestsPerMinute, base.requestsPerMinute), or(tokensPerMinute, base.tokensPerMinute),
                or(concurrentRequests, base.concurrentRequests), or(concurrentStreams, base.concurrentStreams),
                or(batchConcurrentRequests, base.batchConcurrentRequests), or(batchConcurrentStreams, base.batchConcurrentStreams));
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Concurrent calls of the class, or null. */
    public Long concurrentRequests(TrafficClass c) {
        return c == TrafficClass.BATCH ? batchConcurrentRequests : concurrentRequests;
    }

    /** Concurrent streams of the class, or null. */
    public Long concurrentStreams(TrafficClass c) {
        return c == TrafficClass.BATCH ? batchConcurrentStreams : concurrentStreams;
    }

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
