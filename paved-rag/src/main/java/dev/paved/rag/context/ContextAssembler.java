package dev.paved.rag.context;

import dev.paved.rag.Passage;
import dev.paved.rag.Tokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 6: builds the prompt from ranked passages under a token budget. Repeats are dropped; passages are taken in
 * rank order while they fit into the context window minus the answer's tokens, the system prompt, the history and
 * the question; the ones taken are laid out strongest-at-the-ends ({@link LostInTheMiddle}) and numbered in prompt
 * order. The final prompt is measured again, so its size never exceeds the budget; with a tokenizer that adds up at
 * line starts ({@link Tokens#addsUpAtLineStarts}) it is measured in parts instead, each passage once.
 */
public final class ContextAssembler {
    /** Chat formats add a few tokens per message and to prime the answer. */
    static final int PER_MESSAGE = 4;
    static final int PRIMING = 3;

    private final Tokens tokens;
    /**
     * Measure the prompt block by block ({@link Tokens#addsUpAtLineStarts}) and count each passage once: the
     * tokenizer adds up at the line starts between the parts of the user message, and a source's number (1 to
     * {@link #MAX_NUMBERED}) is always one token, so a block costs the same whichever number it gets.
     */
    private final boolean blockwise;
    private final int headTokens;
    private final int noSourcesHeadTokens;
    /** Source numbers up to here are checked to be one token each (top-k is far below it). */
    static final int MAX_NUMBERED = 999;

    public ContextAssembler(Tokens tokens) {
        this.tokens = tokens;
        this.blockwise = tokens.addsUpAtLineStarts() && numbersAreOneToken(tokens);
        this.headTokens = tokens.count(SourceFraming.head(false));
        this.noSourcesHeadTokens = tokens.count(SourceFraming.head(true));
    }

    /** Whether prompts are measured block by block (else the whole prompt is measured at the end). */
    boolean blockwise() {
        return blockwise;
    }

    private static boolean numbersAreOneToken(Tokens tokens) {
        for (int n = 1; n <= MAX_NUMBERED; n++) {
            if (tokens.count(Integer.toString(n)) != 1) {
                return false;
            }
        }
        return true;
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
        // In parts (system prompt, the user message's head, each block once, the tail) when the tokenizer adds up, so
        // no passage is counted twice and the prompt is never measured again; else the whole prompt at the end.
        boolean inParts = blockwise && ranked.size() <= MAX_NUMBERED;
        int outer = inParts ? tokens.count(system) + tokens.count(SourceFraming.tail(history, question)) + 2 * PER_MESSAGE + PRIMING : 0;
        int fixed = inParts ? outer + noSourcesHeadTokens : measure(system, SourceFraming.userMessage(List.of(), history, question));
        if (fixed > budget) {
            throw new ContextTooLarge(fixed, budget);
        }
        Dedupe.Result unique = Dedupe.apply(ranked);
        List<Passage> taken = new ArrayList<>();
        int used = inParts ? outer + headTokens : fixed;
        int overBudget = 0;
        for (Passage p : unique.kept()) {
            // Measured whole, a block's cost is an estimate (its number's digits may differ by a token; the final check settles it).
            int cost = inParts ? tokens.count(SourceFraming.block(1, p.title(), p.documentId(), p.text()) + SourceFraming.BLOCK_END)
                    : tokens.count(SourceFraming.block(taken.size() + 1, p.title(), p.documentId(), p.text())) + 2;
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
            int total = inParts ? (taken.isEmpty() ? fixed : used) : measure(system, user);
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
