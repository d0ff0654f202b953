// RAG service benchmark: the real server (embedded PostgreSQL, in-process bge-small embeddings, Lucene) answering
// POST /v1/chat over the sample knowledge base, with generation through the gateway to the fake provider (answers at
// once, no token delay). Run through bench/rag.sh.
//
// Overhead: client-observed latency of a JSON RAG request minus the time of retrieval (step 5) and generation
// (step 7, the whole gateway call to the fake provider), both as the server measured them (options.debug). What
// remains is steps 1-4, 6, 8, 9 plus HTTP; step 10 runs after the response. Reported with the cache on (step 3 embeds
// the query for the semantic lookup) and off.
// TTFT: time to the first token event of an SSE RAG request, against retrieval time + the gateway's own TTFT
// (a direct streaming /v1/chat/completions call with the same prompt size) + 2 ms.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.fake.FakeOptions;
import dev.paved.fake.FakeProvider;
import dev.paved.gateway.wire.Json;
import dev.paved.server.PavedServer;
import dev.paved.server.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

public class RagBench {
    static final String ADMIN = "pa_bench_admin_key_0123456789";
    /**
     * HTTP/1.1 keep-alive, as the OpenAI and Anthropic SDKs speak to an http:// base URL (the JDK client's default
     * would upgrade to cleartext HTTP/2); RAG_BENCH_HTTP=2 measures with that upgrade instead.
     */
    static HttpClient http = HttpClient.newBuilder()
            .version("2".equals(System.getenv("RAG_BENCH_HTTP")) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1).build();
    static String base;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path samples = Path.of(args.length > 1 ? args[1] : "samples");
        Path data = Files.createTempDirectory("paved-rag-bench");
        try (FakeProvider fake = FakeProvider.start(FakeOptions.defaults())) {
            String yaml = """
                    server: {port: 0, host: 127.0.0.1, data_dir: "%s", admin_key: %s}
                    providers:
                      oa: {type: openai, base_url: "%s"}
                    aliases:
                      gpt: {target: {provider: oa, model: fake-gpt, context_window: 16000}}
                    rag:
                      defaults: {alias: gpt, eval_sample_rate: 0, rewrite: off}
                      features:
                        nocache: {cache: false}
                    cache: {threshold: 0.9999}
                    """.formatted(data, ADMIN, fake.openAiBaseUrl());
            try (PavedServer server = PavedServer.start(ConfigLoader.parse(yaml, "bench.yaml", Map.of()),
                    new PrintStream(PrintStream.nullOutputStream()), new PavedServer.Options(null, false))) {
                base = "http://127.0.0.1:" + server.port();
                String tenant = admin("/admin/tenants", "{\"name\":\"bench\"}").path("id").asText();
                String key = admin("/admin/tenants/" + tenant + "/keys", "{\"name\":\"k\"}").path("key").asText();
                ingest(key, samples);
                List<String> questions = new ArrayList<>();
                for (String line : Files.readAllLines(samples.resolve("golden.jsonl"))) {
                    questions.add(Json.parseOrNull(line.getBytes(StandardCharsets.UTF_8)).path("question").asText());
                }
                System.out.printf(Locale.ROOT, "machine: %d cores, JVM %s; %d requests per run, sequential%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), n);
                for (String feature : List.of("nocache", "cached")) {
                    overhead(key, questions, n / 5, feature, false); // warm-up
                    overhead(key, questions, n, feature, true);
                }
                hits(key, questions, n);
                baseline(key, n);
                ttft(key, questions, n / 5, false);
                ttft(key, questions, n, true);
            }
        }
    }

    /** JSON requests with debug timings; the cached run sends a unique query each time (a miss: lookup, then store). */
    static void overhead(String key, List<String> qs, int n, String feature, boolean print) throws Exception {
        double[] total = new double[n], overhead = new double[n], retrieve = new double[n], generate = new double[n], cache = new double[n];
        double[] serverSide = new double[n], server = new double[n], embed = new double[n], ownSteps = new double[n];
        java.util.Map<String, double[]> steps = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String q = qs.get(i % qs.size()) + (feature.equals("cached") ? " (variant " + i + " " + System.nanoTime() + ")" : "");
            if (PAUSE_MS > 0) {
                Thread.sleep(PAUSE_MS); // lets the previous request's asynchronous step 10 finish first
            }
            long t0 = System.nanoTime();
            JsonNode r = rag(key, feature, q, false);
            total[i] = (System.nanoTime() - t0) / 1e6;
            retrieve[i] = step(r, "rag.retrieve");
            generate[i] = step(r, "rag.generate");
            cache[i] = step(r, "rag.cache_lookup");
            embed[i] = attribute(r, "rag.cache_lookup", "embed_ms");
            overhead[i] = total[i] - retrieve[i] - generate[i];
            server[i] = r.path("server_ms").asDouble();
            for (JsonNode st : r.path("steps")) {
                String name = st.path("step").asText();
                steps.computeIfAbsent(name, k -> new double[n])[i] = st.path("ms").asDouble();
                if (!name.equals("rag.retrieve") && !name.equals("rag.generate")) {
                    serverSide[i] += st.path("ms").asDouble();
                }
            }
        }
        if (print) {
            System.out.printf(Locale.ROOT, "%-8s total p50 %.2f ms p95 %.2f p99 %.2f | retrieve p50 %.2f | generate p50 %.2f | cache lookup p50 %.2f"
                    + " | overhead (total - retrieve - generate) p50 %.2f ms p95 %.2f p99 %.2f ms%n", feature.equals("cached") ? "cache on" : "cache off",
                    p(total, 50), p(total, 95), p(total, 99), p(retrieve, 50), p(generate, 50), p(cache, 50), p(overhead, 50), p(overhead, 95),
                    p(overhead, 99));
            double[] outside = new double[n], between = new double[n], service = new double[n];
            for (int i = 0; i < n; i++) {
                outside[i] = total[i] - server[i];
                between[i] = server[i] - serverSide[i] - retrieve[i] - generate[i];
                // The question's one embedding is retrieval's work even where step 3 computes it for the lookup (ADR 0013).
                service[i] = overhead[i] - embed[i];
                ownSteps[i] = serverSide[i] - embed[i];
            }
            if (p(embed, 50) > 0) {
                System.out.printf(Locale.ROOT, "         question embedding (step 3, searched with by step 5) p50 %.2f ms; overhead without it"
                        + " (total - embedding - retrieve - generate) p50 %.2f ms p95 %.2f p99 %.2f; steps 1-4, 6, 8, 9 without it p50 %.2f ms%n",
                        p(embed, 50), p(service, 50), p(service, 95), p(service, 99), p(ownSteps, 50));
            }
            System.out.printf(Locale.ROOT, "         lifecycle on the server p50 %.2f ms; outside it (HTTP, parsing, auth, client) p50 %.2f ms;"
                    + " between steps (thread hand-offs) p50 %.2f ms%n", p(server, 50), p(outside, 50), p(between, 50));
            StringBuilder sb = new StringBuilder("         server-side steps 1-4, 6, 8, 9 p50 " + String.format(Locale.ROOT, "%.2f ms p99 %.2f ms;", p(serverSide, 50), p(serverSide, 99)));
            steps.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f", k.substring(4), p(v, 50))));
            System.out.println(sb);
        }
    }

    /** An authenticated request that does no work (GET /v1/models): HTTP, edge and key check, the floor of any request. */
    static void baseline(String key, int n) throws Exception {
        double[] total = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).header("authorization", "Bearer " + key)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            total[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "baseline GET /v1/models p50 %.2f ms p99 %.2f ms (HTTP round trip, edge, key check)%n", p(total, 50), p(total, 99));
    }

    /** The same questions again with the cache on: every request after the first of each question is a hit. */
    static void hits(String key, List<String> qs, int n) throws Exception {
        double[] total = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            JsonNode r = rag(key, "hits", qs.get(i % qs.size()), false);
            total[i] = (System.nanoTime() - t0) / 1e6;
            if (i >= qs.size() && !r.path("cache_hit").asBoolean()) {
                throw new IllegalStateException("expected a cache hit: " + r);
            }
        }
        System.out.printf(Locale.ROOT, "cache hit total p50 %.2f ms p95 %.2f p99 %.2f ms (answer served from the cache, no retrieval or generation)%n",
                p(total, 50), p(total, 95), p(total, 99));
    }

    static void ttft(String key, List<String> qs, int n, boolean print) throws Exception {
        double[] rag = new double[n], retrieve = new double[n], gateway = new double[n];
        for (int i = 0; i < n; i++) {
            String q = qs.get(i % qs.size());
            long t0 = System.nanoTime();
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/chat")).header("authorization", "Bearer " + key)
                    .header("content-type", "application/json").header("accept", "text/event-stream").header("x-feature-id", "nocache")
                    .POST(HttpRequest.BodyPublishers.ofString(body(q, true))).build();
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8));
            String line;
            String last = null;
            int promptTokens = 0;
            while ((line = in.readLine()) != null) {
                if (line.equals("event: token") && rag[i] == 0) {
                    rag[i] = (System.nanoTime() - t0) / 1e6;
                }
                if (line.startsWith("data: ")) {
                    last = line;
                }
            }
            JsonNode done = Json.parseOrNull(last.substring(6).getBytes(StandardCharsets.UTF_8));
            retrieve[i] = step(done, "rag.retrieve");
            for (JsonNode s : done.path("steps")) {
                if (s.path("step").asText().equals("rag.assemble")) {
                    promptTokens = s.path("attributes").path("prompt_tokens").asInt();
                }
            }
            gateway[i] = gatewayTtft(key, promptTokens);
        }
        if (print) {
            double bound = p(retrieve, 50) + p(gateway, 50) + 2;
            System.out.printf(Locale.ROOT, "ttft     RAG stream p50 %.2f ms p99 %.2f | retrieve p50 %.2f + gateway TTFT p50 %.2f + 2 = %.2f ms -> %s%n",
                    p(rag, 50), p(rag, 99), p(retrieve, 50), p(gateway, 50), bound, p(rag, 50) <= bound ? "within" : "over");
        }
    }

    /** Time to the first content chunk of a direct streaming gateway call with a prompt of about this many tokens. */
    static double gatewayTtft(String key, int promptTokens) throws Exception {
        ObjectNode b = Json.object().put("model", "gpt").put("stream", true).put("max_tokens", 512);
        ArrayNode m = b.putArray("messages");
        m.addObject().put("role", "user").put("content", "word ".repeat(Math.max(1, promptTokens)));
        long t0 = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).header("authorization", "Bearer " + key)
                .header("content-type", "application/json").header("x-paved-cache", "skip").POST(HttpRequest.BodyPublishers.ofString(b.toString())).build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8));
        String line;
        double first = 0;
        while ((line = in.readLine()) != null) {
            if (first == 0 && line.contains("\"content\"")) {
                first = (System.nanoTime() - t0) / 1e6;
            }
        }
        return first;
    }

    static JsonNode rag(String key, String feature, String q, boolean stream) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/chat")).header("authorization", "Bearer " + key)
                .header("content-type", "application/json").header("x-feature-id", feature).POST(HttpRequest.BodyPublishers.ofString(body(q, stream)))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return Json.parseOrNull(r.body().getBytes(StandardCharsets.UTF_8));
    }

    static String body(String q, boolean stream) {
        ObjectNode b = Json.object().put("query", q).put("kb", "handbook");
        b.putObject("options").put("debug", true).put("stream", stream);
        return b.toString();
    }

    /** RAG_BENCH_PAUSE_MS: a pause before each timed request, to tell background work apart from the request's own. */
    static final long PAUSE_MS = Long.parseLong(System.getenv().getOrDefault("RAG_BENCH_PAUSE_MS", "0"));

    static double attribute(JsonNode r, String step, String attribute) {
        for (JsonNode s : r.path("steps")) {
            if (s.path("step").asText().equals(step)) {
                return s.path("attributes").path(attribute).asDouble(0);
            }
        }
        return 0;
    }

    static double step(JsonNode r, String name) {
        for (JsonNode s : r.path("steps")) {
            if (s.path("step").asText().equals(name)) {
                return s.path("ms").asDouble();
            }
        }
        return 0;
    }

    static JsonNode admin(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("authorization", "Bearer " + ADMIN)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parseOrNull(r.body().getBytes(StandardCharsets.UTF_8));
    }

    static void ingest(String key, Path samples) throws Exception {
        ArrayNode docs = Json.array();
        try (Stream<Path> files = Files.list(samples.resolve("kb"))) {
            for (Path f : files.sorted().toList()) {
                docs.addObject().put("document_id", f.getFileName().toString().replace(".md", "")).put("text", Files.readString(f));
            }
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/kb/handbook/documents")).header("authorization", "Bearer " + key)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.object().set("documents", docs).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        String job = Json.parseOrNull(r.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
        for (int i = 0; i < 600; i++) {
            HttpResponse<String> j = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/kb/handbook/jobs/" + job))
                    .header("authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (j.body().contains("\"succeeded\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("ingestion did not finish");
    }

    static double p(double[] xs, int pct) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(pct / 100.0 * s.length) - 1)];
    }
}
