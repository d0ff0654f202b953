package dev.paved.rag;

import java.util.Objects;

/**
 * How one feature's RAG requests run ({@code rag.features.<name>} in paved.yaml, or the defaults).
 *
 * @param name                the feature id (from the key or X-Feature-Id), or {@code default}
 * @param alias               the gateway model alias that generates the answer
 * @param systemPrompt        the system prompt; the untrusted-data framing is appended to it
 * @param topK                passages retrieved per query
 * @param contextWindow       tokens the model reads, or 0 to take the alias target's context window
 * @param answerTokens        tokens reserved for the answer (also the call's max_tokens)
 * @param temperature         sampling temperature of the generation call
 * @param rewrite             when step 4 runs
 * @param outputMode          streaming or buffered output guardrails
 * @param evalSampleRate      share of requests stored as online-evaluation samples
 * @param cache               whether steps 3 and 9 use the response cache
 * @param sessionBudgetTokens session history kept verbatim before older turns are summarised
 * @param historyTurns        most recent turns given to the model with a follow-up question
 */
public record RagFeature(String name, String alias, String systemPrompt, int topK, int contextWindow, int answerTokens,
                         double temperature, RewritePolicy rewrite, OutputMode outputMode, double evalSampleRate, boolean cache,
                         int sessionBudgetTokens, int historyTurns) {
    public static final String DEFAULT_NAME = "default";
    public static final String DEFAULT_ALIAS = "extractive";
    public static final int DEFAULT_CONTEXT_WINDOW = 8192;
    public static final String DEFAULT_PROMPT = "You answer questions for the user from the numbered sources you are given. "
            + "Use only facts stated in the sources. After each sentence, cite the sources it relies on as [n]. "
            + "If the sources do not contain the answer, say that you do not know.";

    public RagFeature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        rewrite = rewrite == null ? RewritePolicy.DEFAULT : rewrite;
        outputMode = outputMode == null ? OutputMode.STREAMING : outputMode;
        if (topK < 1 || topK > 100) {
            throw new IllegalArgumentException("top_k must be between 1 and 100, got " + topK);
        }
        if (contextWindow < 0 || answerTokens < 1 || (contextWindow > 0 && answerTokens >= contextWindow)) {
            throw new IllegalArgumentException("answer_tokens (" + answerTokens + ") must be at least 1 and smaller than the context window ("
                    + contextWindow + ")");
        }
        if (evalSampleRate < 0 || evalSampleRate > 1) {
            throw new IllegalArgumentException("eval_sample_rate must be between 0 and 1, got " + evalSampleRate);
        }
        if (sessionBudgetTokens < 64 || historyTurns < 0) {
            throw new IllegalArgumentException("session_budget_tokens must be at least 64 and history_turns not negative");
        }
    }

    /** The feature every request without a configured one gets. */
    public static RagFeature defaults(String name) {
        return new RagFeature(name, DEFAULT_ALIAS, DEFAULT_PROMPT, 8, 0, 512, 0.0, RewritePolicy.DEFAULT, OutputMode.STREAMING,
                0.05, true, 1024, 4);
    }

    /** The window the budget uses: this feature's, else the alias target's, else {@link #DEFAULT_CONTEXT_WINDOW}. */
    public int windowOr(int targetWindow) {
        if (contextWindow > 0) {
            return contextWindow;
        }
        return targetWindow > 0 ? targetWindow : DEFAULT_CONTEXT_WINDOW;
    }
}
