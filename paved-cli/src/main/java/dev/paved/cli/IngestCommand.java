package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.parse.JsonlRecords;
import dev.paved.knowledge.parse.ParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code paved ingest PATH --kb NAME}: sends files (PDF, DOCX, HTML, Markdown, text), whole folders of them, and
 * JSONL record files to a running server's knowledge API, waits for each job and shows progress.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest files, folders or JSONL records into a knowledge base of a running Paved server.")
final class IngestCommand implements Callable<Integer> {

    static final Set<String> FILE_TYPES = Set.of("pdf", "docx", "doc", "pptx", "xlsx", "html", "htm", "md", "markdown", "txt", "text");
    static final int JSONL_BATCH = 200;

    @Parameters(index = "0", description = "A file, a folder (searched recursively) or a .jsonl file of records.")
    Path path;
    @Option(names = "--kb", required = true, description = "Knowledge base name, e.g. hr-policies (created if missing).")
    String kb;
    @Option(names = "--url", description = "Paved server URL (default: http://127.0.0.1:$PAVED_PORT, port 8080).")
    String url;
    @Option(names = "--api-key", description = "API key of the tenant (default: $PAVED_API_KEY).")
    String apiKey;
    @Option(names = "--acl-group", split = ",", description = "Groups allowed to retrieve the files (default: everyone in the tenant).")
    List<String> groups;
    @Option(names = "--data-class", description = "Sensitivity label of the files, e.g. public, internal, confidential.")
    String dataClass;

    @Override
    public Integer call() {
        if (!Files.exists(path)) {
            throw new CliException(path + " does not exist; pass a file, a folder or a .jsonl file.");
        }
        KbClient client = new KbClient(url != null ? url : "http://127.0.0.1:" + System.getenv().getOrDefault("PAVED_PORT", "8080"),
                apiKey != null ? apiKey : System.getenv("PAVED_API_KEY"));
        List<Path> files = files(path);
        if (files.isEmpty()) {
            throw new CliException("No supported files under " + path + " (" + String.join(", ", FILE_TYPES.stream().sorted().toList())
                    + ", jsonl).");
        }
        ProgressBar bar = new ProgressBar(System.err);
        Totals totals = new Totals();
        int sent = 0;
        for (Path f : files) {
            if (extension(f).equals("jsonl")) {
                sendJsonl(client, f, totals, bar);
            } else {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("document_id", path.equals(f) ? f.getFileName().toString() : path.relativize(f).toString());
                if (groups != null && !groups.isEmpty()) {
                    fields.put("acl_groups", String.join(",", groups));
                }
                if (dataClass != null) {
                    fields.put("data_class", dataClass);
                }
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(f);
                } catch (IOException e) {
                    throw new CliException("cannot read " + f + ": " + e.getMessage());
                }
                JsonNode job = client.postFile("/v1/kb/" + KbClient.segment(kb) + "/documents", f.getFileName().toString(), bytes, fields);
                totals.add(await(client, job, null));
            }
            sent++;
            bar.update("ingest", sent, files.size());
        }
        bar.finish();
        Table t = new Table("KB", "DOCUMENTS", "INGESTED", "UNCHANGED", "FAILED", "CHUNKS");
        t.row(kb, totals.documents, totals.ingested, totals.unchanged, totals.failed, totals.chunks);
        t.print(System.out);
        for (String e : totals.errors) {
            System.out.println("failed: " + e);
        }
        return totals.failed > 0 && totals.ingested + totals.unchanged == 0 ? 1 : 0;
    }

    private void sendJsonl(KbClient client, Path f, Totals totals, ProgressBar bar) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            Iterator<DocumentInput> it = JsonlRecords.iterator(r, f.getFileName().toString());
            List<Map<String, Object>> batch = new ArrayList<>();
            while (it.hasNext()) {
                batch.add(record(it.next()));
                if (batch.size() == JSONL_BATCH || !it.hasNext()) {
                    JsonNode job = client.postJson("/v1/kb/" + KbClient.segment(kb) + "/documents", Map.of("documents", batch));
                    totals.add(await(client, job, bar));
                    batch = new ArrayList<>();
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot read " + f + ": " + e.getMessage());
        } catch (ParseException e) {
            throw new CliException(e.getMessage());
        }
    }

    private Map<String, Object> record(DocumentInput d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("document_id", d.documentId());
        m.put("text", d.text());
        if (d.title() != null) {
            m.put("title", d.title());
        }
        m.put("source", d.source());
        List<String> g = !d.aclGroups().isEmpty() ? d.aclGroups() : groups != null ? groups : List.of();
        m.put("acl_groups", g);
        m.put("data_class", dataClass != null && d.dataClass().equals(dev.paved.knowledge.model.Names.DEFAULT_DATA_CLASS) ? dataClass : d.dataClass());
        m.put("metadata", d.metadata());
        return m;
    }

    /** Polls the job until it ends, updating {@code bar} with its own progress when given. */
    private JsonNode await(KbClient client, JsonNode job, ProgressBar bar) {
        String path = "/v1/kb/" + KbClient.segment(kb) + "/jobs/" + job.path("id").asText();
        JsonNode j = job;
        while (!j.path("status").asText().equals("succeeded") && !j.path("status").asText().equals("failed")) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted; the job " + job.path("id").asText() + " goes on in the server");
            }
            j = client.get(path);
            if (bar != null) {
                bar.update("job", j.path("progress").path("done").asLong(), j.path("progress").path("total").asLong());
            }
        }
        return j;
    }

    static List<Path> files(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> FILE_TYPES.contains(extension(p)) || extension(p).equals("jsonl"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + root + ": " + e.getMessage());
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** What the jobs of one run did, summed. */
    private static final class Totals {
        long documents;
        long ingested;
        long unchanged;
        long failed;
        long chunks;
        final List<String> errors = new ArrayList<>();

        void add(JsonNode job) {
            JsonNode r = job.path("result");
            documents += r.path("documents").asLong(job.path("progress").path("total").asLong());
            ingested += r.path("ingested").asLong();
            unchanged += r.path("unchanged").asLong();
            failed += r.path("failed").asLong();
            chunks += r.path("chunks").asLong();
            r.path("errors").forEach(e -> errors.add(e.path("document_id").asText() + ": " + e.path("message").asText()));
            if (job.path("status").asText().equals("failed") && r.path("errors").isEmpty()) {
                errors.add(job.path("error").asText("the job failed"));
                failed += Math.max(1, job.path("progress").path("total").asLong());
            }
        }
    }
}
