package dev.paved.rag.context;

import dev.paved.rag.Passage;
import java.util.List;

/**
 * The prompt of step 6.
 *
 * @param system          the system prompt with the untrusted-data framing
 * @param user            the user message: numbered sources, conversation so far, question
 * @param sources         the passages in the prompt; source number n is {@code sources.get(n - 1)}
 * @param promptTokens    tokens of both messages with the chat format's per-message overhead
 * @param budgetTokens    what the prompt was allowed: context window minus answer tokens
 * @param duplicates      passages dropped as repeats
 * @param overBudget      passages left out because they did not fit
 */
public record AssembledContext(String system, String user, List<Passage> sources, int promptTokens, int budgetTokens,
                               int duplicates, int overBudget) {
    public AssembledContext {
        sources = List.copyOf(sources);
    }

    /** The passage cited as [n], or null when no source has that number. */
    public Passage source(int number) {
        return number >= 1 && number <= sources.size() ? sources.get(number - 1) : null;
    }
}
