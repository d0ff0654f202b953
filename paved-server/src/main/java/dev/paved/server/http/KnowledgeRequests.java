package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.gateway.wire.Json;
import dev.paved.knowledge.index.MetadataFilter;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.model.Names;
import dev.paved.knowledge.search.SearchMode;
import dev.paved.knowledge.search.SearchRequest;
import dev.paved.server.knowledge.IngestItem;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the knowledge API's request bodies into domain requests, with 400 errors that name the field at fault. */
final class KnowledgeRequests {

    static final int MAX_DOCUMENTS = 1000;

    private KnowledgeRequests() {
    }

    /** {@code {"documents": [...]}} or one document object with {@code text}. */
    static List<IngestItem> jsonDocuments(ObjectNode body) {
        List<IngestItem> out = new ArrayList<>();
        JsonNode docs = body.get("documents");
        if (docs == null) {
            out.add(new IngestItem(document(body, "", true), null, null));
            return out;
        }
        if (!docs.isArray() || docs.isEmpty()) {
            throw PavedException.invalid("'documents' must be a non-empty array of {document_id, text, ...} objects.", "documents");
        }
        if (docs.size() > MAX_DOCUMENTS) {
            throw PavedException.invalid("Send at most " + MAX_DOCUMENTS + " documents per request.", "documents");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < docs.size(); i++) {
            JsonNode d = docs.get(i);
            if (!d.isObject()) {
                throw PavedException.invalid("documents[" + i + "] must be an object.", "documents[" + i + "]");
            }
            DocumentInput input = document(d, "documents[" + i + "].", true);
            if (!ids.add(input.documentId())) {
                throw PavedException.invalid("document_id '" + input.documentId() + "' appears twice.", "documents[" + i + "].document_id");
            }
            out.add(new IngestItem(input, null, null));
        }
        return out;
    }

    /** Multipart: one or more {@code file} parts, plus fields that apply to every file. */
    static List<IngestItem> multipartDocuments(List<FileUpload> uploads, MultiMap form) {
        if (uploads.isEmpty()) {
            throw PavedException.invalid("Attach at least one file as a 'file' part, or send JSON with 'text'.", "file");
        }
        String id = form.get("document_id");
        if (id != null && uploads.size() > 1) {
            throw PavedException.invalid("document_id can be given only with a single file; each of several files is "
                    + "identified by its file name.", "document_id");
        }
        ObjectNode meta = Json.object();
        for (String field : List.of("title", "source", "data_class")) {
            if (form.get(field) != null) {
                meta.put(field, form.get(field));
            }
        }
        String groups = form.get("acl_groups");
        if (groups != null) {
            JsonNode parsed = groups.strip().startsWith("[") ? Json.parseOrNull(groups.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : null;
            if (parsed != null) {
                meta.set("acl_groups", parsed);
            } else {
                var arr = meta.putArray("acl_groups");
                for (String g : groups.split(",")) {
                    if (!g.isBlank()) {
                        arr.add(g.strip());
                    }
                }
            }
        }
        String metadata = form.get("metadata");
        if (metadata != null) {
            JsonNode parsed = Json.parseOrNull(metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!(parsed instanceof ObjectNode)) {
                throw PavedException.invalid("metadata must be a JSON object of strings.", "metadata");
            }
            meta.set("metadata", parsed);
        }
        List<IngestItem> out = new ArrayList<>();
        for (FileUpload f : uploads) {
            ObjectNode d = meta.deepCopy();
            d.put("document_id", id != null ? id : f.fileName());
            d.put("text", "");
            if (!d.has("source")) {
                d.put("source", f.fileName());
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(f.uploadedFileName()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the uploaded file", e);
            }
            out.add(new IngestItem(document(d, "", false), bytes, f.fileName()));
        }
        return out;
    }

    private static DocumentInput document(JsonNode d, String at, boolean needText) {
        String id = string(d, "document_id", at);
        if (id == null || id.isBlank()) {
            throw PavedException.invalid("'" + at + "document_id' is required: the document's id in this knowledge base "
                    + "(re-ingesting the same id replaces it).", at + "document_id");
        }
        String text = string(d, "text", at);
        if (needText && (text == null || text.isBlank())) {
            throw PavedException.invalid("'" + at + "text' is required and must not be empty (or upload a file as multipart).", at + "text");
        }
        List<String> groups = new ArrayList<>();
        JsonNode g = d.get("acl_groups");
        if (g != null && !g.isNull()) {
            if (!g.isArray()) {
                throw PavedException.invalid("'" + at + "acl_groups' must be an array of group names.", at + "acl_groups");
            }
            g.forEach(x -> groups.add(x.isTextual() ? x.asText() : null));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode m = d.get("metadata");
        if (m != null && !m.isNull()) {
            if (!m.isObject()) {
                throw PavedException.invalid("'" + at + "metadata' must be an object of strings.", at + "metadata");
            }
            m.properties().forEach(e -> meta.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : null));
        }
        try {
            return new DocumentInput(id, string(d, "source", at), string(d, "title", at), text == null ? "" : text,
                    "text/plain", groups, string(d, "data_class", at), meta);
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage() + ".", at.isEmpty() ? null : at.substring(0, at.length() - 1));
        }
    }

    /** The caller's groups ({@code acl_groups}, asserted by the tenant's backend) of a search. */
    static Set<String> groups(ObjectNode body) {
        JsonNode g = body.get("acl_groups");
        if (g == null || g.isNull()) {
            return Set.of();
        }
        if (!g.isArray()) {
            throw PavedException.invalid("acl_groups must be an array of the caller's group names.", "acl_groups");
        }
        List<String> out = new ArrayList<>();
        g.forEach(x -> out.add(x.isTextual() ? x.asText() : null));
        try {
            return new LinkedHashSet<>(Names.groups(out));
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage() + ".", "acl_groups");
        }
    }

    static SearchRequest search(ObjectNode b) {
        String query = string(b, "query", "");
        if (query == null || query.isBlank()) {
            throw PavedException.invalid("'query' is required and must not be empty.", "query");
        }
        try {
            SearchMode mode = b.has("mode") ? SearchMode.parse(string(b, "mode", "")) : SearchMode.HYBRID;
            int topK = integer(b, "top_k", SearchRequest.DEFAULT_TOP_K);
            JsonNode w = b.path("weights");
            double bm25 = w.has("bm25") ? number(w, "bm25", "weights.") : 1;
            double dense = w.has("dense") ? number(w, "dense", "weights.") : 1;
            Double mmr = null;
            if (b.has("mmr_lambda") && !b.get("mmr_lambda").isNull()) {
                mmr = number(b, "mmr_lambda", "");
            } else if (b.path("mmr").asBoolean(false)) {
                mmr = 0.5;
            }
            return new SearchRequest(query, mode, topK, filter(b.get("filter")), bm25, dense,
                    integer(b, "rrf_k", SearchRequest.DEFAULT_RRF_K), integer(b, "candidates", Math.max(50, topK)), mmr,
                    bool(b, "rerank"));
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage() + ".", null);
        }
    }

    static MetadataFilter filter(JsonNode f) {
        if (f == null || f.isNull()) {
            return MetadataFilter.NONE;
        }
        if (!f.isObject()) {
            throw PavedException.invalid("filter must be an object such as {\"data_class\": \"public\", \"metadata.lang\": [\"en\", \"de\"]}.", "filter");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        f.properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(x -> values.add(x.asText()));
            } else if (v.isValueNode() && !v.isNull()) {
                values.add(v.asText());
            } else {
                throw PavedException.invalid("filter." + e.getKey() + " must be a string or an array of strings.", "filter." + e.getKey());
            }
            fields.put(e.getKey(), values);
        });
        try {
            return new MetadataFilter(fields);
        } catch (IllegalArgumentException e) {
            throw PavedException.invalid(e.getMessage() + ".", "filter");
        }
    }

    static String string(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw PavedException.invalid("'" + at + field + "' must be a string.", at + field);
        }
        return v.asText();
    }

    static int integer(JsonNode n, String field, int fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw PavedException.invalid("'" + field + "' must be a whole number.", field);
        }
        return v.asInt();
    }

    static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw PavedException.invalid("'" + field + "' must be true or false.", field);
        }
        return v.asBoolean();
    }

    private static double number(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (!v.isNumber()) {
            throw PavedException.invalid("'" + at + field + "' must be a number.", at + field);
        }
        return v.asDouble();
    }
}
