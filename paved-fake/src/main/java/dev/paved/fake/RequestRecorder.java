package dev.paved.fake;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Keeps the last N requests in a lock-free ring. */
final class RequestRecorder {

  private final int capacity;
  private final AtomicReferenceArray<RecordedRequest> ring;
  private final AtomicLong sequence = new AtomicLong();

  RequestRecorder(int capacity) {
    this.capacity = capacity;
    this.ring = new AtomicReferenceArray<>(Math.max(1, capacity));
  }

  void record(String method, String path, MultiMap headers, Buffer body, FaultSpec fault) {
    if (capacity == 0) {
      return;
    }
    Map<String, String> lowered = new HashMap<>(headers.size() * 2);
    for (Map.Entry<String, String> header : headers) {
      lowered.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
    }
    long seq = sequence.getAndIncrement();
    ring.set((int) (seq % capacity), new RecordedRequest(seq, method, path, lowered,
        body.toString(StandardCharsets.UTF_8), fault == null ? null : fault.syntax()));
  }

  /** Oldest first. */
  List<RecordedRequest> recent() {
    List<RecordedRequest> out = new ArrayList<>(capacity);
    for (int i = 0; i < capacity; i++) {
      RecordedRequest request = ring.get(i);
      if (request != null) {
        out.add(request);
      }
    }
    out.sort(Comparator.comparingLong(RecordedRequest::sequence));
    return List.copyOf(out);
  }

  void clear() {
    for (int i = 0; i < capacity; i++) {
      ring.set(i, null);
    }
  }
}
