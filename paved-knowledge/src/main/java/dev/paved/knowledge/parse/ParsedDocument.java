package dev.paved.knowledge.parse;

/**
 * A document's extracted text, with Markdown-style heading lines ({@code # Title}) and blank lines between
 * paragraphs so that chunking can follow its structure.
 *
 * @param title       the document's title (metadata, else the first heading), or null
 * @param text        the extracted text
 * @param contentType the detected media type, e.g. {@code application/pdf}
 */
public record ParsedDocument(String title, String text, String contentType) {
}
