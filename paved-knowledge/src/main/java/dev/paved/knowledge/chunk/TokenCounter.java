package dev.paved.knowledge.chunk;

/**
 * Counts the tokens of a text the way the embedding model will see them, without the model's special tokens, so
 * that a chunk's count stays the same wherever it is embedded.
 */
@FunctionalInterface
public interface TokenCounter {

    /** Content tokens in {@code text}; 0 for blank text. */
    int count(String text);

    /** Counts whitespace-separated words: for tests and for models without a tokenizer of their own. */
    static TokenCounter words() {
        return text -> {
            int n = 0;
            boolean inWord = false;
            for (int i = 0; i < text.length(); i++) {
                boolean ws = Character.isWhitespace(text.charAt(i));
                if (!ws && !inWord) {
                    n++;
                }
                inWord = !ws;
            }
            return n;
        };
    }
}
