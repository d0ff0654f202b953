package dev.paved.rag;

/**
 * When step 4 (query rewrite and decomposition) runs.
 *
 * @param conversational      rewrite a follow-up that depends on the session's history
 * @param lowConfidence       rewrite (decompose) when retrieval confidence is below {@code threshold}, then retrieve again
 * @param threshold           retrieval confidence (0 to 1) under which a query counts as poorly answered
 * @param maxSubqueries       most sub-queries a decomposition retrieves for
 */
public record RewritePolicy(boolean conversational, boolean lowConfidence, double threshold, int maxSubqueries) {
    public static final RewritePolicy DEFAULT = new RewritePolicy(true, true, 0.5, 3);
    public static final RewritePolicy NEVER = new RewritePolicy(false, false, 0, 1);

    public RewritePolicy {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("confidence threshold must be between 0 and 1, got " + threshold);
        }
        if (maxSubqueries < 1 || maxSubqueries > 8) {
            throw new IllegalArgumentException("max_subqueries must be between 1 and 8, got " + maxSubqueries);
        }
    }
}
