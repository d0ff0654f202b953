package dev.paved.guard;

import java.util.List;

/**
 * Finds things in a text without deciding what to do about them; {@link DetectorScanner} turns findings
 * into a verdict with a threshold and an action.
 */
public interface Detector {
    /** Every finding with its score; may include findings below any threshold. Never throws. */
    List<Finding> detect(String text, ScanContext ctx);

    /** True when findings carry spans, so the text can be redacted rather than only blocked. */
    default boolean locatesSpans() {
        return false;
    }

    /**
     * The words and phrases this detector matches as whole words, folded as it compares them; empty when it does
     * not match a list. A stream holds back words that may begin one of the phrases ({@link PhrasePrefixes}).
     */
    default List<String> phrases() {
        return List.of();
    }
}
