package dev.paved.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Programmed faults for chaos drills. Rules are checked in the order they were added; the first
 * one that matches the request and fires wins. Thread-safe; costs one volatile read per request
 * while no rule is set.
 */
public final class FaultController {

  private final CopyOnWriteArrayList<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  /** Adds a rule; returns its id. */
  public long add(FaultRule rule) {
    Rule active = new Rule(ids.incrementAndGet(), rule);
    rules.add(active);
    return active.id;
  }

  /** The next {@code count} requests get the fault (header syntax, e.g. {@code status=503}). */
  public long failNext(int count, String fault) {
    return add(FaultRule.nextRequests(count, FaultSpec.parse(fault)));
  }

  /** About {@code fraction} of requests get the fault, drawn from a random seeded with {@code seed}. */
  public long failFraction(double fraction, long seed, String fault) {
    return add(FaultRule.fraction(fraction, seed, FaultSpec.parse(fault)));
  }

  /** Every request gets the fault until {@link #clear()}. */
  public long failUntilCleared(String fault) {
    return add(FaultRule.untilCleared(FaultSpec.parse(fault)));
  }

  /** Removes one rule; false when it was already gone. */
  public boolean remove(long id) {
    return rules.removeIf(rule -> rule.id == id);
  }

  /** Removes every rule; returns how many there were. */
  public int clear() {
    int size = rules.size();
    rules.clear();
    return size;
  }

  /** The rules still in force. */
  public List<ActiveFault> active() {
    List<ActiveFault> out = new ArrayList<>(rules.size());
    for (Rule rule : rules) {
      out.add(rule.snapshot());
    }
    return List.copyOf(out);
  }

  /** The fault for a request, or null; counts it against the rule that fired. */
  FaultSpec pick(String path, String model) {
    if (rules.isEmpty()) {
      return null;
    }
    for (Rule rule : rules) {
      if (!rule.spec.matches(path, model) || !rule.roll()) {
        continue;
      }
      if (rule.remaining != null) {
        int left = rule.remaining.getAndDecrement();
        if (left <= 0) {
          rules.remove(rule);
          continue;
        }
        if (left == 1) {
          rules.remove(rule);
        }
      }
      rule.injected.incrementAndGet();
      return rule.spec.fault();
    }
    return null;
  }

  private static final class Rule {
    final long id;
    final FaultRule spec;
    final AtomicInteger remaining;
    final AtomicLong injected = new AtomicLong();
    private final SplittableRandom random;

    Rule(long id, FaultRule spec) {
      this.id = id;
      this.spec = spec;
      this.remaining = spec.count() > 0 ? new AtomicInteger(spec.count()) : null;
      this.random = spec.fraction() < 1.0 ? new SplittableRandom(spec.seed()) : null;
    }

    boolean roll() {
      if (random == null) {
        return true;
      }
      synchronized (this) {
        return random.nextDouble() < spec.fraction();
      }
    }

    ActiveFault snapshot() {
      return new ActiveFault(id, spec, remaining == null ? -1 : Math.max(0, remaining.get()), injected.get());
    }
  }
}
