package dev.paved.rag.context;

/** Not even the system prompt, the history and the question fit the model's window with room for the answer. */
public final class ContextTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int needed;
    private final int budget;

    public ContextTooLarge(int needed, int budget) {
        super("the system prompt, history and question need " + needed + " tokens but the context budget is " + budget);
        this.needed = needed;
        this.budget = budget;
    }

    public int needed() {
        return needed;
    }

    public int budget() {
        return budget;
    }
}
