package dev.paved.knowledge.index;

import java.util.Map;

/** The stored fields of a chunk returned by a search. */
public record StoredChunk(String chunkId, String documentId, int ordinal, String text, String context, int parent,
                          String source, String title, String dataClass, Map<String, String> metadata) {
}
