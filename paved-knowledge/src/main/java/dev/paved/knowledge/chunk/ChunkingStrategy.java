package dev.paved.knowledge.chunk;

import java.util.Locale;

/** How a document's text is cut into the pieces that are embedded and searched. */
public enum ChunkingStrategy {
    /** Headings, then paragraphs, lines, sentences, words: the largest pieces that fit the token budget, with overlap. */
    RECURSIVE,
    /** One sentence per chunk; a hit returns the sentences around it as its context. */
    SENTENCE_WINDOW,
    /** Small chunks are searched; a hit returns the larger parent section it belongs to as its context. */
    PARENT_DOCUMENT;

    /** The wire name: {@code recursive}, {@code sentence_window}, {@code parent_document}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; {@link IllegalArgumentException} lists the accepted ones. */
    public static ChunkingStrategy parse(String text) {
        for (ChunkingStrategy s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown chunking strategy '" + text
                + "'; use recursive, sentence_window or parent_document");
    }
}
