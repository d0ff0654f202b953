package dev.paved.guard.policy;

import dev.paved.guard.Detector;
import dev.paved.guard.Finding;
import dev.paved.guard.ScanContext;
import java.util.List;

/** Flags a text longer than a limit in characters (each text of a request is checked on its own). */
public final class MaxSizeDetector implements Detector {
    private final int maxChars;

    public MaxSizeDetector(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("max_chars must be at least 1");
        }
        this.maxChars = maxChars;
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        return text.length() > maxChars ? List.of(Finding.whole("max_size", "policy.max_input_size", 1.0)) : List.of();
    }
}
