package dev.paved.rag;

/**
 * When step 4 (query rewrite and decomposition) runs.
 *
 * @param conversational      rewrite a follow-up that depends on the session's history
 * @param lowConfidence       rewrite (decompose) when retrieval confidence is below {@code threshold}, then retrieve again
 * @param threshold           retrieval confidence (0 to 1) under which a query counts as poorly answered
 * @param maxSubqueries       most sub-queries a decomposition retrieves for
 * @param alias               a chat alias that rewrites (one extra model call through the gateway), or null to rewrite
 *                            locally without a model
 */
public record RewritePolicy(boolean conversational, boolean lowConfidence, double threshold, int maxSubqueries, String alias) {
    public static final RewritePolicy DEFAULT = new RewritePolicy(true, true, 0.5, 3, null);
    public static final RewritePolicy NEVER = new RewritePolicy(false, false, 0, 1, null);

    public RewritePolicy(boolean conversational, boolean lowConfidence, double threshold, int maxSubqueries) {
        this(conversational, lowConfidence, threshold, maxSubqueries, null);
    }

    public RewritePolicy {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("confidence threshold must be between 0 and 1, got " + threshold);
        }
        if (maxSubqueries < 1 || maxSubqueries > 8) {
            throw new IllegalArgumentException("max_subqueries must be between 1 and 8, got " + maxSubqueries);
        }
    }
}
