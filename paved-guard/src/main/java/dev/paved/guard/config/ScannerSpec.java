package dev.paved.guard.config;

import dev.paved.guard.Action;
import java.util.Map;
import java.util.Objects;

/**
 * One scanner as configured for one stage: which scanner, whether it is on, its action and threshold (null =
 * the scanner's default), and its own options as plain values (strings, numbers, booleans, lists, maps).
 */
public record ScannerSpec(String scanner, boolean enabled, Action action, Double threshold, Map<String, Object> options) {
    public ScannerSpec {
        Objects.requireNonNull(scanner, "scanner");
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static ScannerSpec on(String scanner) {
        return new ScannerSpec(scanner, true, null, null, Map.of());
    }

    public static ScannerSpec off(String scanner) {
        return new ScannerSpec(scanner, false, null, null, Map.of());
    }
}
