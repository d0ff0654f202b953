package dev.paved.knowledge.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One document to ingest, with its text already extracted.
 *
 * @param documentId  the caller's id, unique in the knowledge base; re-ingesting the same id replaces the document
 * @param source      where it came from (file path, URL), or null
 * @param title       its title, or null
 * @param text        the text to chunk
 * @param contentType media type of the original, e.g. {@code application/pdf}
 * @param aclGroups   groups allowed to retrieve it; empty means everyone in the tenant
 * @param dataClass   sensitivity label, e.g. {@code internal}
 * @param metadata    free key-value pairs that searches can filter on
 */
public record DocumentInput(String documentId, String source, String title, String text, String contentType,
                            List<String> aclGroups, String dataClass, Map<String, String> metadata) {

    public static final int MAX_ID_LENGTH = 512;
    private static final java.util.regex.Pattern META_KEY = java.util.regex.Pattern.compile("^[a-z0-9_.-]{1,64}$");

    public DocumentInput {
        if (documentId == null || documentId.isBlank() || documentId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("document_id must be 1-" + MAX_ID_LENGTH + " characters");
        }
        Objects.requireNonNull(text, "text");
        aclGroups = List.copyOf(Names.groups(aclGroups));
        dataClass = Names.dataClass(dataClass);
        TreeMap<String, String> meta = new TreeMap<>();
        if (metadata != null) {
            metadata.forEach((k, v) -> {
                if (k == null || !META_KEY.matcher(k).matches()) {
                    throw new IllegalArgumentException("metadata keys are 1-64 characters of lower-case letters, digits, "
                            + "'_', '.' or '-'; got '" + k + "'");
                }
                if (v == null || v.length() > 1024) {
                    throw new IllegalArgumentException("metadata value of '" + k + "' must be a string of at most 1024 characters");
                }
                meta.put(k, v);
            });
        }
        metadata = java.util.Collections.unmodifiableMap(meta);
    }
}
