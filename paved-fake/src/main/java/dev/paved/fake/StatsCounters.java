package dev.paved.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live, thread-safe counters behind {@link Stats}. */
final class StatsCounters {

  private final LongAdder total = new LongAdder();
  private final Map<String, LongAdder> byPath;
  private final ConcurrentHashMap<String, LongAdder> byFault = new ConcurrentHashMap<>();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();

  StatsCounters() {
    Map<String, LongAdder> paths = new LinkedHashMap<>();
    for (Endpoint endpoint : Endpoint.values()) {
      paths.put(endpoint.statsKey(), new LongAdder());
    }
    byPath = Map.copyOf(paths);
  }

  void request(Endpoint endpoint) {
    total.increment();
    byPath.get(endpoint.statsKey()).increment();
  }

  void fault(String key) {
    byFault.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  void streamOpened() {
    streams.incrementAndGet();
  }

  void streamClosed() {
    streams.decrementAndGet();
  }

  /** Zeroes the request and fault counters; the connection and stream gauges keep their values. */
  void reset() {
    total.reset();
    byPath.values().forEach(LongAdder::reset);
    byFault.clear();
  }

  Stats snapshot() {
    Map<String, Long> paths = new LinkedHashMap<>();
    byPath.forEach((path, count) -> paths.put(path, count.sum()));
    Map<String, Long> faults = new LinkedHashMap<>();
    byFault.forEach((key, count) -> faults.put(key, count.sum()));
    return new Stats(total.sum(), paths, faults, connections.get(), streams.get());
  }
}
