package dev.paved.fake;

import java.util.Map;

/**
 * A snapshot of the fake's counters. Counted: every request to a model API path ({@code /v1/…})
 * or an unknown path ({@code other}); not counted: {@code /health}, {@code /stats*}, {@code /_fake/*}.
 *
 * @param totalRequests     requests counted since start or the last reset
 * @param byPath            per path: /v1/chat/completions, /v1/messages, /v1/embeddings, /v1/models, other
 * @param byFault           injected faults per {@link FaultSpec#statsKey()} ({@code status=503}, {@code hang}, …)
 * @param activeConnections open client connections
 * @param activeStreams     SSE responses in progress (including stalled ones)
 */
public record Stats(long totalRequests, Map<String, Long> byPath, Map<String, Long> byFault,
                    long activeConnections, long activeStreams) {

  public Stats {
    byPath = Map.copyOf(byPath);
    byFault = Map.copyOf(byFault);
  }

  /** Requests counted for {@code path}. */
  public long requests(String path) {
    return byPath.getOrDefault(path, 0L);
  }

  /** Faults injected with this key, e.g. {@code "status=503"} or {@code "reset"}. */
  public long faults(String key) {
    return byFault.getOrDefault(key, 0L);
  }

  /** All faults injected. */
  public long totalFaults() {
    return byFault.values().stream().mapToLong(Long::longValue).sum();
  }
}
