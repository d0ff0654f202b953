package dev.paved.guard.pii;

/** One located piece of personal data: its type, its span in the text and the detector's confidence. */
public record PiiMatch(PiiType type, int start, int end, double score) {
    public int length() {
        return end - start;
    }

    boolean overlaps(PiiMatch o) {
        return start < o.end && o.start < end;
    }
}
