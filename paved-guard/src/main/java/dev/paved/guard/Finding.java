package dev.paved.guard;

/**
 * One thing a detector found. Never carries the matched text itself, so findings may be logged,
 * traced and audited without leaking what they point at.
 *
 * @param scanner the scanner that reported it ({@code pii}, {@code injection}, …)
 * @param code    a stable reason code such as {@code pii.email} or {@code injection.override}
 * @param score   confidence in [0, 1]
 * @param start   start offset in the scanned text, or -1 when the finding is about the whole text
 * @param end     end offset (exclusive), or -1
 * @param label   the placeholder label used when the span is redacted ({@code EMAIL}), or null
 */
public record Finding(String scanner, String code, double score, int start, int end, String label) {
    public Finding {
        if (score < 0 || score > 1 || Double.isNaN(score)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
    }

    /** A finding about the whole text. */
    public static Finding whole(String scanner, String code, double score) {
        return new Finding(scanner, code, score, -1, -1, null);
    }

    public boolean positional() {
        return start >= 0;
    }

    public Finding withScanner(String name) {
        return new Finding(name, code, score, start, end, label);
    }
}
