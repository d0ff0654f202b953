package dev.paved.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic prompt-cache bookkeeping: a bounded LRU set of prefix keys. The longest prefix seen
 * before is read from cache; the rest up to the last breakpoint is written.
 */
final class PromptCache {

  /** A cache breakpoint: the key of the prompt prefix ending there and its token count. */
  record Breakpoint(String key, int tokens) {
  }

  /** Cache token accounting for one request. */
  record Usage(int creationTokens, int readTokens) {
    static final Usage NONE = new Usage(0, 0);
  }

  private final Map<String, Boolean> seen;

  PromptCache(int capacity) {
    this.seen = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Accounts a request's breakpoints (in prompt order) and remembers every prefix. */
  synchronized Usage account(List<Breakpoint> breakpoints) {
    if (breakpoints.isEmpty()) {
      return Usage.NONE;
    }
    int read = 0;
    for (int i = breakpoints.size() - 1; i >= 0; i--) {
      if (seen.get(breakpoints.get(i).key()) != null) {
        read = breakpoints.get(i).tokens();
        break;
      }
    }
    for (Breakpoint breakpoint : breakpoints) {
      seen.put(breakpoint.key(), Boolean.TRUE);
    }
    int last = breakpoints.get(breakpoints.size() - 1).tokens();
    return new Usage(last - read, read);
  }

  synchronized void clear() {
    seen.clear();
  }
}
