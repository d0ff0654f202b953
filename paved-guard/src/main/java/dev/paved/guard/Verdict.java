package dev.paved.guard;

/** The outcome of a scan, from least to most severe. */
public enum Verdict {
    /** Pass the text on unchanged. */
    ALLOW,
    /** Pass on the redacted text instead. */
    REDACT,
    /** Do not pass the text on. */
    BLOCK;

    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
