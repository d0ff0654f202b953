package dev.paved.rag.context;

import dev.paved.rag.Passage;
import dev.paved.rag.Tokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 6: builds the prompt from ranked passages under a token budget. Repeats are dropped; passages are taken in
 * rank order while they fit into the context window minus the answer's tokens, the system prompt, the history and
 * the question; the ones taken are laid out strongest-at-the-ends ({@link LostInTheMiddle}) and numbered in prompt
 * order. The final prompt is measured again, so its size never exceeds the budget.
 */
public final class ContextAssembler {
    /** Chat formats add a few tokens per message and to prime the answer. */
    static final int PER_MESSAGE = 4;
    static final int PRIMING = 3;

    private final Tokens tokens;

    public ContextAssembler(Tokens tokens) {
        this.tokens = tokens;
    }

    /**
     * @param systemPrompt  the feature's system prompt (the framing is appended)
     * @param question      the user's question as asked
     * @param history       the conversation so far (summary and recent turns), or null
     * @param ranked        retrieved passages, best first
     * @param contextWindow the model's window in tokens
     * @param answerTokens  tokens kept free for the answer
     * @throws ContextTooLarge when not even a prompt without sources fits
     */
    public AssembledContext assemble(String systemPrompt, String question, String history, List<Passage> ranked,
                                     int contextWindow, int answerTokens) {
        String system = systemPrompt.strip() + "\n\n" + SourceFraming.FRAMING;
        int budget = contextWindow - answerTokens;
        int fixed = measure(system, SourceFraming.userMessage(List.of(), history, question));
        if (fixed > budget) {
            throw new ContextTooLarge(fixed, budget);
        }
        Dedupe.Result unique = Dedupe.apply(ranked);
        // Tokens a source block costs (its number's digits differ by at most a token or two; the final check settles it).
        List<Passage> taken = new ArrayList<>();
        int used = fixed;
        int overBudget = 0;
        for (Passage p : unique.kept()) {
            int cost = tokens.count(SourceFraming.block(taken.size() + 1, p.title(), p.documentId(), p.text())) + 2;
            if (used + cost <= budget) {
                taken.add(p);
                used += cost;
            } else {
                overBudget++;
            }
        }
        while (true) {
            List<Passage> ordered = LostInTheMiddle.order(taken);
            String user = render(ordered, history, question);
            int total = measure(system, user);
            if (total <= budget || taken.isEmpty()) {
                return new AssembledContext(system, user, ordered, total, budget, unique.dropped(), overBudget);
            }
            taken.remove(taken.size() - 1);
            overBudget++;
        }
    }

    private String render(List<Passage> ordered, String history, String question) {
        List<String> blocks = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Passage p = ordered.get(i);
            blocks.add(SourceFraming.block(i + 1, p.title(), p.documentId(), p.text()));
        }
        return SourceFraming.userMessage(blocks, history, question);
    }

    /** Tokens of a system and a user message as a chat model counts them. */
    public int measure(String system, String user) {
        return tokens.count(system) + tokens.count(user) + 2 * PER_MESSAGE + PRIMING;
    }
}
