package dev.paved.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeCommandsTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new picocli.CommandLine(new PavedCli()).setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                    .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                        cmd.getErr().println("error: " + ex.getMessage());
                        return 1;
                    }).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void evalRetrievalPrintsATableAndWritesTheJson(@TempDir Path tmp) throws Exception {
        Path beir = tmp.resolve("beir");
        for (String f : new String[] {"corpus.jsonl", "queries.jsonl", "qrels/test.tsv"}) {
            Files.createDirectories(beir.resolve(f).getParent());
            try (var in = getClass().getResourceAsStream("/beir-mini/" + f)) {
                Files.copy(in, beir.resolve(f));
            }
        }
        Path json = tmp.resolve("out.json");
        Run r = run("eval", "retrieval", "--corpus", beir.resolve("corpus.jsonl").toString(), "--queries",
                beir.resolve("queries.jsonl").toString(), "--qrels", beir.resolve("qrels/test.tsv").toString(), "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("STAGE", "NDCG@10", "RECALL@100", "MRR@10", "bm25", "dense", "hybrid", "chunks/s");
        JsonNode report = new ObjectMapper().readTree(Files.readString(json));
        for (String stage : new String[] {"bm25", "dense", "hybrid"}) {
            assertThat(report.path("stages").path(stage).path("ndcg@10").asDouble()).as(stage).isBetween(0.0, 1.0);
            assertThat(report.path("stages").path(stage).has("recall@100")).isTrue();
            assertThat(report.path("stages").path(stage).has("mrr@10")).isTrue();
        }
        assertThat(report.path("stages").has("rerank")).isTrue();
        // bge-small ranks a relevant abstract first for each of these plain-language queries.
        assertThat(report.path("stages").path("hybrid").path("mrr@10").asDouble()).isEqualTo(1.0);
        assertThat(report.path("ingestion").path("chunks").asInt()).isEqualTo(12);
    }

    @Test
    void evalOnAMissingDatasetSaysWhatToPass(@TempDir Path tmp) {
        Run r = run("eval", "retrieval", "--corpus", tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("corpus.jsonl does not exist").contains("--queries");
    }

    @Test
    void ingestFindsSupportedFilesAndExplainsAnUnreachableServer(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("a/b"));
        Files.writeString(tmp.resolve("a/one.md"), "# One");
        Files.writeString(tmp.resolve("a/b/two.pdf"), "x");
        Files.writeString(tmp.resolve("a/b/records.jsonl"), "{\"_id\": \"r1\", \"text\": \"x\"}");
        Files.writeString(tmp.resolve("a/skip.png"), "x");
        Files.writeString(tmp.resolve("a/.hidden.md"), "x");
        assertThat(IngestCommand.files(tmp)).containsExactly(tmp.resolve("a/b/records.jsonl"), tmp.resolve("a/b/two.pdf"),
                tmp.resolve("a/one.md"));

        Run r = run("ingest", tmp.toString(), "--kb", "docs", "--url", "http://127.0.0.1:1", "--api-key", "pk_test");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Cannot reach Paved at http://127.0.0.1:1").contains("./paved serve");
        Run noKey = run("ingest", tmp.toString(), "--kb", "docs", "--url", "http://127.0.0.1:1", "--api-key", "");
        assertThat(noKey.err()).contains("No API key");
    }
}
