package dev.paved.knowledge.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paved.knowledge.model.DocumentInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Reads JSON Lines records, one document per line: {@code _id} or {@code id}, {@code text} (required), and optional
 * {@code title}, {@code source}, {@code acl_groups}, {@code data_class} and {@code metadata} (an object of strings;
 * other scalar values are kept as their text). This is a superset of BEIR's {@code corpus.jsonl}. Blank lines are
 * skipped; a bad line fails with its line number.
 */
public final class JsonlRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlRecords() {
    }

    /** Calls {@code each} for every record of {@code reader}, in order. */
    public static void read(BufferedReader reader, String sourceName, Consumer<DocumentInput> each) {
        Iterator<DocumentInput> it = iterator(reader, sourceName);
        while (it.hasNext()) {
            each.accept(it.next());
        }
    }

    public static List<DocumentInput> readAll(BufferedReader reader, String sourceName) {
        List<DocumentInput> out = new ArrayList<>();
        read(reader, sourceName, out::add);
        return out;
    }

    public static Iterator<DocumentInput> iterator(BufferedReader reader, String sourceName) {
        return new Iterator<>() {
            private DocumentInput next;
            private int line;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    String l;
                    while ((l = reader.readLine()) != null) {
                        line++;
                        if (!l.isBlank()) {
                            next = record(l, sourceName, line);
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public DocumentInput next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DocumentInput d = next;
                next = null;
                return d;
            }
        };
    }

    static DocumentInput record(String line, String sourceName, int lineNo) {
        String where = sourceName + ":" + lineNo + ": ";
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new ParseException(where + "not valid JSON");
        }
        if (!n.isObject()) {
            throw new ParseException(where + "each line must be a JSON object");
        }
        String id = text(n, "_id");
        if (id == null) {
            id = text(n, "id");
        }
        if (id == null) {
            throw new ParseException(where + "the record has no \"_id\" or \"id\"");
        }
        String body = text(n, "text");
        if (body == null) {
            throw new ParseException(where + "the record has no \"text\"");
        }
        List<String> groups = new ArrayList<>();
        n.path("acl_groups").forEach(g -> groups.add(g.asText()));
        Map<String, String> meta = new LinkedHashMap<>();
        n.path("metadata").properties().forEach(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                meta.put(e.getKey(), e.getValue().asText());
            }
        });
        String source = text(n, "source");
        try {
            return new DocumentInput(id, source != null ? source : sourceName + "#" + id, text(n, "title"), body,
                    "application/jsonl", groups, text(n, "data_class"), meta);
        } catch (IllegalArgumentException e) {
            throw new ParseException(where + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
