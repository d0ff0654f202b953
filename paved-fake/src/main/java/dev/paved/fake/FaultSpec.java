package dev.paved.fake;

import java.util.Locale;
import java.util.Objects;

/**
 * One fault to inject, as written in the {@code x-fake-fault} header, e.g. {@code status=429,retry-after=2},
 * {@code hang}, {@code reset-mid-stream,after=3} or {@code slow-first-byte=500}.
 *
 * @param mode              what to do
 * @param status            HTTP status for {@link FaultMode#STATUS} (400..599), else 0
 * @param retryAfterSeconds {@code Retry-After} header value, -1 for none (status only)
 * @param retryAfterMs      {@code retry-after-ms} header value, -1 for none (status only)
 * @param after             mid-stream modes: SSE events sent before stalling/closing; -1 for the
 *                          default (up to and including the first content token)
 * @param delayMs           {@link FaultMode#SLOW_FIRST_BYTE} delay, else 0
 */
public record FaultSpec(FaultMode mode, int status, long retryAfterSeconds, long retryAfterMs, int after, long delayMs) {

  public FaultSpec {
    Objects.requireNonNull(mode, "mode");
    if (mode == FaultMode.STATUS ? status < 400 || status > 599 : status != 0) {
      throw new IllegalArgumentException("status must be 400..599 for status faults and unset otherwise");
    }
    if (mode != FaultMode.STATUS && (retryAfterSeconds >= 0 || retryAfterMs >= 0)) {
      throw new IllegalArgumentException("retry-after only applies to status faults");
    }
    boolean midStream = mode == FaultMode.HANG_MID_STREAM || mode == FaultMode.RESET_MID_STREAM;
    if (!midStream && after >= 0) {
      throw new IllegalArgumentException("after only applies to hang-mid-stream and reset-mid-stream");
    }
    if (mode == FaultMode.SLOW_FIRST_BYTE ? delayMs < 0 : delayMs != 0) {
      throw new IllegalArgumentException("delay only applies to slow-first-byte and must not be negative");
    }
    retryAfterSeconds = Math.max(-1, retryAfterSeconds);
    retryAfterMs = Math.max(-1, retryAfterMs);
    after = Math.max(-1, after);
  }

  public static FaultSpec status(int status) {
    return new FaultSpec(FaultMode.STATUS, status, -1, -1, -1, 0);
  }

  public static FaultSpec status(int status, long retryAfterSeconds) {
    return new FaultSpec(FaultMode.STATUS, status, retryAfterSeconds, -1, -1, 0);
  }

  public static FaultSpec hang() {
    return new FaultSpec(FaultMode.HANG, 0, -1, -1, -1, 0);
  }

  public static FaultSpec hangMidStream(int after) {
    return new FaultSpec(FaultMode.HANG_MID_STREAM, 0, -1, -1, after, 0);
  }

  public static FaultSpec reset() {
    return new FaultSpec(FaultMode.RESET, 0, -1, -1, -1, 0);
  }

  public static FaultSpec resetMidStream(int after) {
    return new FaultSpec(FaultMode.RESET_MID_STREAM, 0, -1, -1, after, 0);
  }

  public static FaultSpec malformed() {
    return new FaultSpec(FaultMode.MALFORMED, 0, -1, -1, -1, 0);
  }

  public static FaultSpec slowFirstByte(long delayMs) {
    return new FaultSpec(FaultMode.SLOW_FIRST_BYTE, 0, -1, -1, -1, delayMs);
  }

  /** A copy of this status fault that also sends {@code retry-after-ms}. */
  public FaultSpec withRetryAfterMs(long millis) {
    return new FaultSpec(mode, status, retryAfterSeconds, millis, after, delayMs);
  }

  /**
   * Parses the header syntax: comma-separated {@code key[=value]} items with exactly one mode
   * ({@code status=CODE}, {@code hang}, {@code hang-mid-stream}, {@code reset}, {@code reset-mid-stream},
   * {@code malformed}, {@code slow-first-byte=MS}) plus {@code retry-after=S}, {@code retry-after-ms=MS}
   * (status) or {@code after=K} (mid-stream modes).
   *
   * @throws IllegalArgumentException with a readable reason when the text is not valid
   */
  public static FaultSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    FaultMode mode = null;
    int status = 0;
    long retryAfter = -1;
    long retryAfterMs = -1;
    int after = -1;
    long delay = 0;
    for (String item : text.split(",")) {
      String part = item.trim();
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String key = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : part.substring(eq + 1).trim();
      switch (key) {
        case "retry-after" -> retryAfter = number(key, value, Long.MAX_VALUE);
        case "retry-after-ms" -> retryAfterMs = number(key, value, Long.MAX_VALUE);
        case "after" -> after = (int) number(key, value, Integer.MAX_VALUE);
        default -> {
          FaultMode parsed = FaultMode.fromLabel(key);
          if (parsed == null) {
            throw new IllegalArgumentException("unknown fault item '" + part + "'");
          }
          if (mode != null) {
            throw new IllegalArgumentException("more than one fault mode in '" + text + "'");
          }
          mode = parsed;
          if (parsed == FaultMode.STATUS) {
            status = (int) number(key, value, 599);
            if (status < 400) {
              throw new IllegalArgumentException("status must be 400..599, got " + status);
            }
          } else if (parsed == FaultMode.SLOW_FIRST_BYTE) {
            delay = number(key, value, Long.MAX_VALUE);
          } else if (value != null) {
            throw new IllegalArgumentException("'" + key + "' takes no value");
          }
        }
      }
    }
    if (mode == null) {
      throw new IllegalArgumentException("no fault mode in '" + text
          + "'; expected status=CODE, hang, hang-mid-stream, reset, reset-mid-stream, malformed or slow-first-byte=MS");
    }
    return new FaultSpec(mode, status, retryAfter, retryAfterMs, after, delay);
  }

  private static long number(String key, String value, long max) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("'" + key + "' needs a value");
    }
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' must be a whole number, got '" + value + "'");
    }
    if (parsed < 0 || parsed > max) {
      throw new IllegalArgumentException("'" + key + "' must be 0.." + max + ", got " + parsed);
    }
    return parsed;
  }

  /** The header syntax for this fault; {@link #parse(String)} reads it back. */
  public String syntax() {
    StringBuilder out = new StringBuilder(statsKey());
    if (mode == FaultMode.SLOW_FIRST_BYTE) {
      out.append('=').append(delayMs);
    }
    if (retryAfterSeconds >= 0) {
      out.append(",retry-after=").append(retryAfterSeconds);
    }
    if (retryAfterMs >= 0) {
      out.append(",retry-after-ms=").append(retryAfterMs);
    }
    if (after >= 0) {
      out.append(",after=").append(after);
    }
    return out.toString();
  }

  /** The counter key in {@link Stats#byFault()}: {@code status=503}, {@code hang}, … */
  public String statsKey() {
    return mode == FaultMode.STATUS ? "status=" + status : mode.label();
  }
}
