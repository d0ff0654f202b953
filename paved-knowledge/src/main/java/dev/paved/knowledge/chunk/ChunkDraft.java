package dev.paved.knowledge.chunk;

/**
 * One chunk of a document's text, before it is embedded.
 *
 * @param ordinal      position among the document's chunks, from 0
 * @param start        offset of the chunk's first character in the document text
 * @param end          offset after its last character; {@code text} is exactly {@code documentText.substring(start, end)}
 * @param text         what is embedded and searched
 * @param tokens       content tokens of {@code text}
 * @param context      what a hit returns in place of {@code text} (sentence window, parent section), or null
 * @param parent       ordinal of the parent section for parent-document chunking, else -1
 */
public record ChunkDraft(int ordinal, int start, int end, String text, int tokens, String context, int parent) {
}
