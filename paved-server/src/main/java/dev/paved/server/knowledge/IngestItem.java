package dev.paved.server.knowledge;

import dev.paved.knowledge.model.DocumentInput;

/**
 * One document of an ingestion request: either text given directly ({@code file} null), or a file to parse, whose
 * text and, where the caller gave none, title come from the parser; the rest of {@code document} is the caller's.
 */
public record IngestItem(DocumentInput document, byte[] file, String fileName) {
}
