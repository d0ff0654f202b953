package dev.paved.knowledge.index;

import java.util.List;
import java.util.Map;

/**
 * One chunk as the index holds it: the text searched with BM25, its vector, and the fields every query filters on.
 *
 * @param chunkId    unique id (also the PostgreSQL key)
 * @param tenantId   owning tenant; every query is restricted to one
 * @param kbId       owning knowledge base
 * @param documentId the document's id in the knowledge base
 * @param ordinal    position in the document
 * @param text       searched and returned text
 * @param context    what a hit returns as context (window, parent section), or null
 * @param parent     parent section ordinal (parent-document chunking), else -1
 * @param source     where the document came from, or null
 * @param title      the document's title, or null
 * @param aclGroups  groups that may retrieve it; empty means every caller of the tenant
 * @param dataClass  sensitivity label
 * @param metadata   filterable key-value pairs
 * @param vector     unit-norm embedding
 */
public record IndexedChunk(String chunkId, String tenantId, String kbId, String documentId, int ordinal, String text,
                           String context, int parent, String source, String title, List<String> aclGroups,
                           String dataClass, Map<String, String> metadata, float[] vector) {
}
