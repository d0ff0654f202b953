package dev.paved.knowledge.index;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Equality filters on chunk fields, ANDed across fields and ORed across the values of one field. Fields:
 * {@code document_id}, {@code source}, {@code data_class}, and {@code metadata.<key>} for a document's metadata.
 */
public record MetadataFilter(Map<String, List<String>> fields) {

    public static final Set<String> FIXED_FIELDS = Set.of("document_id", "source", "data_class");
    public static final MetadataFilter NONE = new MetadataFilter(Map.of());

    public MetadataFilter {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        fields.forEach((k, v) -> {
            if (!FIXED_FIELDS.contains(k) && !(k.startsWith("metadata.") && k.length() > 9)) {
                throw new IllegalArgumentException("cannot filter on '" + k + "'; filter on document_id, source, "
                        + "data_class or metadata.<key>");
            }
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("filter '" + k + "' needs at least one value");
            }
            copy.put(k, List.copyOf(v));
        });
        fields = java.util.Collections.unmodifiableMap(copy);
    }
}
