package dev.paved.cli;

import dev.paved.embedding.EmbeddingModels;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.embed.Embedder;
import dev.paved.knowledge.eval.BeirDataset;
import dev.paved.knowledge.eval.RetrievalEvaluation;
import dev.paved.knowledge.eval.RetrievalReport;
import dev.paved.knowledge.parse.ParseException;
import dev.paved.knowledge.rerank.RemoteReranker;
import dev.paved.knowledge.rerank.Reranker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code paved eval retrieval}: retrieval quality and speed on a BEIR-format dataset, in this process. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate parts of the platform offline.",
        subcommands = {EvalCommand.Retrieval.class, EvalGuardCommand.class})
final class EvalCommand {

    @Command(name = "retrieval", mixinStandardHelpOptions = true,
            description = "nDCG@10, Recall@10/100 and MRR@10 of BM25, dense, hybrid and hybrid+rerank on a BEIR-format dataset, "
                    + "with ingestion throughput and query latency.")
    static final class Retrieval implements Callable<Integer> {
        @Option(names = "--corpus", required = true, description = "corpus.jsonl, or a BEIR folder holding corpus.jsonl, queries.jsonl and qrels/test.tsv.")
        Path corpus;
        @Option(names = "--queries", description = "queries.jsonl (default: next to the corpus).")
        Path queries;
        @Option(names = "--qrels", description = "Relevance judgements TSV (default: qrels/test.tsv next to the corpus).")
        Path qrels;
        @Option(names = "--json", description = "Also write the results as JSON to this file.")
        Path json;
        @Option(names = "--model", defaultValue = "bge-small-en-v1.5", description = "In-process embedding model (default: ${DEFAULT-VALUE}).")
        String model;
        @Option(names = "--max-tokens", defaultValue = "256", description = "Chunk budget in model tokens (default: ${DEFAULT-VALUE}).")
        int maxTokens;
        @Option(names = "--rerank-url", description = "A Cohere/Jina-format /v1/rerank endpoint for the hybrid+rerank stage.")
        URI rerankUrl;
        @Option(names = "--rerank-model", description = "Model name sent to the re-ranker.")
        String rerankModel;

        @Override
        public Integer call() {
            Path dir = Files.isDirectory(corpus) ? corpus : corpus.toAbsolutePath().getParent();
            Path corpusFile = Files.isDirectory(corpus) ? corpus.resolve("corpus.jsonl") : corpus;
            Path q = queries != null ? queries : dir.resolve("queries.jsonl");
            Path r = qrels != null ? qrels : dir.resolve("qrels").resolve("test.tsv");
            for (Path p : new Path[] {corpusFile, q, r}) {
                if (!Files.isRegularFile(p)) {
                    throw new CliException(p + " does not exist; pass --corpus, --queries and --qrels of a BEIR-format dataset.");
                }
            }
            if (!EmbeddingModels.knownIds().contains(model)) {
                throw new CliException("unknown embedding model '" + model + "'; known: " + String.join(", ", EmbeddingModels.knownIds()));
            }
            BeirDataset data;
            try {
                data = BeirDataset.read(corpusFile, q, r);
            } catch (ParseException e) {
                throw new CliException(e.getMessage());
            }
            if (data.queries().isEmpty()) {
                throw new CliException("none of the queries in " + q + " has a judgement in " + r + "; check that the ids match.");
            }
            System.err.printf("Evaluating %d documents and %d judged queries with %s ...%n", data.corpus().size(), data.queries().size(), model);
            Embedder embedder = Embedder.of(EmbeddingModels.get(model));
            Reranker reranker = rerankUrl == null ? null
                    : new RemoteReranker(rerankUrl, rerankModel, System.getenv("PAVED_RERANK_API_KEY"), Duration.ofSeconds(60));
            ChunkingConfig chunking = ChunkingConfig.defaults().withMaxTokens(maxTokens, Math.min(ChunkingConfig.DEFAULT_OVERLAP_TOKENS, maxTokens / 4));
            ProgressBar bar = new ProgressBar(System.err);
            String[] phase = {""};
            RetrievalReport report = RetrievalEvaluation.run(data, embedder, reranker, chunking, (p, done, total) -> {
                if (!p.equals(phase[0])) {
                    bar.finish();
                    phase[0] = p;
                }
                bar.update(p, done, total);
            });
            bar.finish();
            print(report);
            if (json != null) {
                try {
                    Files.writeString(json, report.toJson());
                } catch (IOException e) {
                    throw new CliException("cannot write " + json + ": " + e.getMessage());
                }
                System.out.println("Wrote " + json);
            }
            return 0;
        }

        static void print(RetrievalReport report) {
            Table t = new Table("STAGE", "NDCG@10", "RECALL@10", "RECALL@100", "MRR@10", "P50 MS", "P95 MS");
            for (Map.Entry<String, RetrievalReport.Stage> e : report.stages().entrySet()) {
                RetrievalReport.Stage s = e.getValue();
                t.row(e.getKey().equals("rerank") ? "hybrid+rerank" : e.getKey(), f(s.ndcg10()), f(s.recall10()), f(s.recall100()),
                        f(s.mrr10()), ms(s.p50Ms()), ms(s.p95Ms()));
            }
            t.print(System.out);
            RetrievalReport.Ingestion in = report.ingestion();
            System.out.printf(Locale.ROOT, "%nIngestion: %d documents, %d chunks in %.1f s (%.1f chunks/s, %.0f%% of the time embedding with %s)%n",
                    in.documents(), in.chunks(), in.seconds(), in.chunksPerSecond(), in.embeddingShare() * 100, in.embeddingModel());
            if (report.notes() != null) {
                System.out.println("Note: " + report.notes());
            }
        }

        private static String f(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }

        private static String ms(double v) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
    }
}
