package dev.paved.guard;

/**
 * Checks one text and says whether it may pass, must be redacted, or must be stopped. Implementations are
 * thread-safe, keep no per-call state outside {@link ScanContext}, and never throw for any text.
 */
public interface Scanner {
    /** A short stable name used in reason codes, metrics and configuration ({@code pii}, {@code injection}). */
    String name();

    ScanResult scan(String text, ScanContext ctx);

    /** The words and phrases whose appearance this scanner blocks, folded; empty when it blocks no list. */
    default java.util.List<String> blockedPhrases() {
        return java.util.List.of();
    }
}
