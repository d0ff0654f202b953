package dev.paved.fake;

import java.util.Objects;

/**
 * A programmed fault: which fault, for how many requests, for what share of them and for which
 * requests. Rules apply only to requests without an {@code x-fake-fault} header.
 *
 * @param fault    the fault to inject
 * @param count    how many requests get it, 0 = until cleared
 * @param fraction share of matching requests that get it, (0, 1]; drawn from a random seeded with {@code seed}
 * @param seed     seed for the fraction draw
 * @param path     only requests to this exact path (e.g. {@code /v1/messages}), or null for any
 * @param model    only requests whose body names this model, or null for any
 */
public record FaultRule(FaultSpec fault, int count, double fraction, long seed, String path, String model) {

  public FaultRule {
    Objects.requireNonNull(fault, "fault");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
    }
  }

  /** The next {@code count} matching requests get {@code fault}. */
  public static FaultRule nextRequests(int count, FaultSpec fault) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    return new FaultRule(fault, count, 1.0, 0, null, null);
  }

  /** About {@code fraction} of matching requests get {@code fault}, drawn from a random seeded with {@code seed}. */
  public static FaultRule fraction(double fraction, long seed, FaultSpec fault) {
    return new FaultRule(fault, 0, fraction, seed, null, null);
  }

  /** Every matching request gets {@code fault} until the rule is cleared. */
  public static FaultRule untilCleared(FaultSpec fault) {
    return new FaultRule(fault, 0, 1.0, 0, null, null);
  }

  public FaultRule onlyPath(String value) {
    return new FaultRule(fault, count, fraction, seed, value, model);
  }

  public FaultRule onlyModel(String value) {
    return new FaultRule(fault, count, fraction, seed, path, value);
  }

  public FaultRule withCount(int value) {
    return new FaultRule(fault, value, fraction, seed, path, model);
  }

  boolean matches(String requestPath, String requestModel) {
    return (path == null || path.equals(requestPath)) && (model == null || model.equals(requestModel));
  }
}
