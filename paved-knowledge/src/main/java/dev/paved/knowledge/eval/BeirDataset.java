package dev.paved.knowledge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.parse.JsonlRecords;
import dev.paved.knowledge.parse.ParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BEIR-format retrieval benchmark: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and a qrels TSV ({@code query-id}, {@code corpus-id},
 * {@code score}, with or without a header line). Only queries that have judgements are evaluated.
 *
 * @param corpus  documents; the title is kept as the title and prepended to the text, as BEIR's own runs do
 * @param queries query id to text, judged queries only, in file order
 * @param qrels   query id to (document id to graded relevance), relevance above 0 only
 */
public record BeirDataset(List<DocumentInput> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the three files; {@link ParseException} names the file and line of a bad record. */
    public static BeirDataset read(Path corpusFile, Path queriesFile, Path qrelsFile) {
        Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
        Map<String, String> queries = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(queriesFile, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode q;
                try {
                    q = JSON.readTree(line);
                } catch (IOException e) {
                    throw new ParseException(queriesFile + ":" + n + ": not valid JSON");
                }
                String id = q.path("_id").asText(q.path("id").asText(null));
                String text = q.path("text").asText(null);
                if (id == null || text == null) {
                    throw new ParseException(queriesFile + ":" + n + ": a query needs \"_id\" and \"text\"");
                }
                if (qrels.containsKey(id)) {
                    queries.put(id, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + queriesFile, e);
        }
        List<DocumentInput> corpus;
        try (BufferedReader r = Files.newBufferedReader(corpusFile, StandardCharsets.UTF_8)) {
            corpus = JsonlRecords.readAll(r, corpusFile.getFileName().toString()).stream()
                    .map(d -> d.title() == null || d.title().isBlank() ? d
                            : new DocumentInput(d.documentId(), d.source(), d.title(), d.title() + "\n\n" + d.text(),
                            d.contentType(), d.aclGroups(), d.dataClass(), d.metadata()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + corpusFile, e);
        }
        qrels.keySet().retainAll(queries.keySet());
        return new BeirDataset(corpus, queries, qrels);
    }

    /** The usual layout: {@code dir/corpus.jsonl}, {@code dir/queries.jsonl}, {@code dir/qrels/test.tsv}. */
    public static BeirDataset readFolder(Path dir) {
        Path qrels = dir.resolve("qrels").resolve("test.tsv");
        return read(dir.resolve("corpus.jsonl"), dir.resolve("queries.jsonl"), qrels);
    }

    static Map<String, Map<String, Integer>> readQrels(Path file) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length == 4) {
                    f = new String[] {f[0], f[2], f[3]}; // TREC layout: qid, iteration, docid, rel
                }
                if (f.length != 3) {
                    throw new ParseException(file + ":" + n + ": expected query-id<TAB>corpus-id<TAB>score");
                }
                int rel;
                try {
                    rel = Integer.parseInt(f[2].strip());
                } catch (NumberFormatException e) {
                    if (n == 1) {
                        continue; // header line
                    }
                    throw new ParseException(file + ":" + n + ": score '" + f[2] + "' is not a whole number");
                }
                if (rel > 0) {
                    out.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), rel);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}
