// Knowledge-base benchmark: hybrid query latency over a large synthetic index, and ingestion throughput with the
// real in-process embedding model. Run through bench/kb-search.sh (it builds the jar and passes the JVM flags).
//
// Query latency: N synthetic chunks (Zipf-distributed words from a generated vocabulary, ~120 words each) with
// clustered unit vectors are written to an on-disk KnowledgeIndex (HNSW + BM25 + tenant/ACL fields, as the server
// writes them). Each query runs the server's Retriever (tenant + ACL filter, BM25, k-NN, RRF, loading hits). The
// query text is embedded by the real bge-small-en-v1.5 model, so embed_query is the real cost; the vector used for
// k-NN is a perturbed corpus vector, so that HNSW sees in-distribution queries (the corpus vectors are synthetic:
// embedding 100k chunks with the model would take hours on this machine).
//
// Ingestion: the real pipeline (recursive chunking with the model's tokenizer, bge-small embedding, index writes) on
// synthetic documents; reports chunks/s and the share of wall time spent embedding.

import dev.paved.embedding.EmbeddingModels;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.chunk.TokenCounter;
import dev.paved.knowledge.embed.BatchEmbedder;
import dev.paved.knowledge.embed.Embedder;
import dev.paved.knowledge.eval.Percentiles;
import dev.paved.knowledge.index.AccessScope;
import dev.paved.knowledge.index.IndexedChunk;
import dev.paved.knowledge.index.KnowledgeIndex;
import dev.paved.knowledge.ingest.IngestPipeline;
import dev.paved.knowledge.ingest.PreparedDocument;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.search.Retriever;
import dev.paved.knowledge.search.SearchMode;
import dev.paved.knowledge.search.SearchRequest;
import dev.paved.knowledge.search.SearchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

public class KnowledgeSearchBench {

    static final int DIMS = 384;
    static final int VOCAB = 20_000;
    static final int CLUSTERS = 2_000;

    public static void main(String[] args) throws Exception {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int ingestDocs = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Random rnd = new Random(42);
        String[] vocab = vocabulary(rnd);
        double[] zipf = zipfCdf(VOCAB, 1.07);
        float[][] centroids = new float[CLUSTERS][];
        for (int i = 0; i < CLUSTERS; i++) {
            centroids[i] = unit(gaussian(rnd, DIMS, 1.0));
        }
        Embedder real = Embedder.of(EmbeddingModels.get("bge-small-en-v1.5"));
        Path dir = Files.createTempDirectory("paved-kb-bench");
        System.out.printf(Locale.ROOT, "machine: %d cores, JVM %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);

        // ---- build the index ----
        long t0 = System.nanoTime();
        List<float[]> sampleVectors = new ArrayList<>();
        try (KnowledgeIndex index = KnowledgeIndex.open(dir.resolve("index"), DIMS)) {
            List<IndexedChunk> batch = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                float[] v = unit(add(centroids[rnd.nextInt(CLUSTERS)], gaussian(rnd, DIMS, 0.35)));
                if (i % 97 == 0) {
                    sampleVectors.add(v);
                }
                // Two other tenants share the index: every query must filter them out.
                String tenant = i % 10 == 0 ? "other-" + (i % 20) : "bench";
                List<String> groups = i % 7 == 0 ? List.of("restricted") : List.of();
                batch.add(new IndexedChunk("c" + i, tenant, "kb", "d" + (i / 4), i % 4, text(rnd, vocab, zipf, 120), null, -1,
                        "synthetic", "doc " + (i / 4), groups, "internal", Map.of(), v));
                if (batch.size() == 5_000) {
                    index.addAll(batch);
                    batch.clear();
                    System.out.printf(Locale.ROOT, "\rindexed %d/%d", i + 1, chunks);
                }
            }
            index.addAll(batch);
            index.commit(Map.of("kb_version", "1"));
            System.out.printf(Locale.ROOT, "%nindex build: %d chunks in %.1f s%n", chunks, (System.nanoTime() - t0) / 1e9);

            // ---- query latency ----
            Embedder benchEmbedder = new QueryTimedEmbedder(real, sampleVectors, rnd);
            Retriever retriever = new Retriever(benchEmbedder, null, 50);
            AccessScope scope = AccessScope.caller("bench", "kb", Set.of("staff"));
            for (SearchMode mode : List.of(SearchMode.BM25, SearchMode.DENSE, SearchMode.HYBRID)) {
                for (int w = 0; w < 200; w++) {
                    retriever.search(index, scope, SearchRequest.of(query(rnd, vocab, zipf)).withMode(mode));
                }
                double[] total = new double[queries];
                Map<String, double[]> stages = new LinkedHashMap<>();
                int hits = 0;
                for (int q = 0; q < queries; q++) {
                    SearchResult r = retriever.search(index, scope, SearchRequest.of(query(rnd, vocab, zipf)).withMode(mode));
                    hits += r.hits().size();
                    total[q] = r.timingsMs().get("total");
                    final int qi = q;
                    r.timingsMs().forEach((k, v) -> stages.computeIfAbsent(k, x -> new double[queries])[qi] = v);
                }
                System.out.printf(Locale.ROOT, "%-6s over %d chunks, %d queries (top_k 10, 50 candidates per retriever, avg %.1f hits):%n",
                        mode.name().toLowerCase(Locale.ROOT), chunks, queries, hits / (double) queries);
                stages.forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-12s p50 %7.2f ms   p95 %7.2f ms%n", k,
                        Percentiles.of(v, 50), Percentiles.of(v, 95)));
                if (stages.containsKey("embed_query")) {
                    double[] withoutEmbed = new double[queries];
                    for (int q = 0; q < queries; q++) {
                        withoutEmbed[q] = total[q] - stages.get("embed_query")[q];
                    }
                    System.out.printf(Locale.ROOT, "    %-12s p50 %7.2f ms   p95 %7.2f ms%n", "total-embed",
                            Percentiles.of(withoutEmbed, 50), Percentiles.of(withoutEmbed, 95));
                }
            }
        }

        // ---- ingestion throughput with the real model ----
        List<DocumentInput> docs = new ArrayList<>();
        for (int i = 0; i < ingestDocs; i++) {
            StringBuilder b = new StringBuilder("# Document " + i + "\n\n");
            for (int p = 0; p < 4; p++) {
                b.append(sentences(rnd, vocab, zipf, 6)).append("\n\n");
            }
            docs.add(new DocumentInput("doc-" + i, "synthetic", null, b.toString(), "text/markdown", List.of(), null, Map.of()));
        }
        try (KnowledgeIndex index = KnowledgeIndex.open(dir.resolve("ingest"), DIMS);
             BatchEmbedder batches = new BatchEmbedder(real, BatchEmbedder.DEFAULT_BATCH, 1)) {
            IngestPipeline pipeline = new IngestPipeline(batches);
            long started = System.nanoTime();
            int n = 0;
            for (int from = 0; from < docs.size(); from += 16) {
                for (PreparedDocument p : pipeline.prepare(docs.subList(from, Math.min(docs.size(), from + 16)), ChunkingConfig.defaults())) {
                    index.replaceDocument("bench", "kb", p.document().documentId(), p.indexed("bench", "kb", o -> p.document().documentId() + "#" + o));
                    n += p.chunks().size();
                }
            }
            index.commit(Map.of());
            double secs = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "ingestion: %d documents, %d chunks in %.1f s = %.1f chunks/s; embedding %.0f%%, chunking %.0f%% of the time%n",
                    docs.size(), n, secs, n / secs, 100 * batches.nanosSpent() / 1e9 / secs, 100 * pipeline.chunkingNanos() / 1e9 / secs);
        }
        deleteTree(dir);
    }

    /** Embeds the query text with the real model (its cost is what is timed) and returns an in-distribution vector. */
    record QueryTimedEmbedder(Embedder real, List<float[]> samples, Random rnd) implements Embedder {
        public String id() { return real.id(); }
        public int dimensions() { return DIMS; }
        public List<float[]> embedDocuments(List<String> texts) { return real.embedDocuments(texts); }
        public TokenCounter tokenCounter() { return real.tokenCounter(); }
        public int maxChunkTokens() { return real.maxChunkTokens(); }
        public float[] embedQuery(String query) {
            real.embedQuery(query);
            synchronized (rnd) {
                return unit(add(samples.get(rnd.nextInt(samples.size())), gaussian(rnd, DIMS, 0.2)));
            }
        }
    }

    static String[] vocabulary(Random rnd) {
        String[] syll = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "pri", "zen", "dor", "quo", "bel", "fin", "gra", "hul"};
        String[] v = new String[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            StringBuilder b = new StringBuilder();
            int n = 2 + rnd.nextInt(3);
            for (int s = 0; s < n; s++) {
                b.append(syll[rnd.nextInt(syll.length)]);
            }
            v[i] = b.append(i % 10).toString();
        }
        return v;
    }

    static double[] zipfCdf(int n, double s) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    static String word(Random rnd, String[] vocab, double[] cdf) {
        int i = java.util.Arrays.binarySearch(cdf, rnd.nextDouble());
        return vocab[Math.min(vocab.length - 1, i < 0 ? -i - 1 : i)];
    }

    static String text(Random rnd, String[] vocab, double[] cdf, int words) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < words; w++) {
            b.append(word(rnd, vocab, cdf)).append(w % 15 == 14 ? ". " : " ");
        }
        return b.toString().strip();
    }

    static String sentences(Random rnd, String[] vocab, double[] cdf, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(text(rnd, vocab, cdf, 8 + rnd.nextInt(14))).append(". ");
        }
        return b.toString().strip();
    }

    static String query(Random rnd, String[] vocab, double[] cdf) {
        StringBuilder b = new StringBuilder();
        int n = 3 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(vocab[rnd.nextInt(rnd.nextBoolean() ? 2_000 : VOCAB)]).append(' ');
        }
        return b.toString().strip();
    }

    static float[] gaussian(Random rnd, int d, double sigma) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        return v;
    }

    static float[] add(float[] a, float[] b) {
        float[] v = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = a[i] + b[i];
        }
        return v;
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    static void deleteTree(Path p) throws java.io.IOException {
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
