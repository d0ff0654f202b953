package dev.paved.knowledge.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A re-ranking service that speaks the Cohere / Jina {@code /v1/rerank} format (also served by Text Embeddings
 * Inference, vLLM, Infinity and Paved itself): it sends {@code {"model", "query", "documents", "top_n"}} and reads
 * {@code {"results": [{"index", "relevance_score"}]}}.
 */
public final class RemoteReranker implements Reranker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param endpoint the full URL, e.g. {@code http://tei:8080/v1/rerank}
     * @param model    model name sent in the body (some servers ignore it), or null
     * @param apiKey   sent as a bearer token, or null
     */
    public RemoteReranker(URI endpoint, String model, String apiKey, Duration timeout) {
        this.endpoint = endpoint;
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return model != null ? model : endpoint.getHost();
    }

    @Override
    public double[] score(String query, List<String> documents) {
        if (documents.isEmpty()) {
            return new double[0];
        }
        ObjectNode body = JSON.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        body.put("query", query);
        documents.forEach(body.putArray("documents")::add);
        body.put("top_n", documents.size());
        body.put("return_documents", false);
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (apiKey != null) {
            req.header("authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RerankException("the re-ranker at " + endpoint + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RerankException("interrupted while waiting for the re-ranker", e);
        }
        if (resp.statusCode() / 100 != 2) {
            throw new RerankException("the re-ranker at " + endpoint + " answered HTTP " + resp.statusCode());
        }
        return parse(resp.body(), documents.size());
    }

    static double[] parse(String body, int count) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new RerankException("the re-ranker's answer is not JSON");
        }
        JsonNode results = root.path("results");
        if (!results.isArray()) {
            throw new RerankException("the re-ranker's answer has no \"results\" array");
        }
        double[] scores = new double[count];
        Arrays.fill(scores, Double.NaN);
        for (JsonNode r : results) {
            int i = r.path("index").asInt(-1);
            JsonNode s = r.has("relevance_score") ? r.get("relevance_score") : r.get("score");
            if (i < 0 || i >= count || s == null || !s.isNumber()) {
                throw new RerankException("the re-ranker's answer has a result without a valid index and relevance_score");
            }
            scores[i] = s.asDouble();
        }
        for (int i = 0; i < count; i++) {
            if (Double.isNaN(scores[i])) {
                scores[i] = Double.NEGATIVE_INFINITY; // not returned: rank below every scored document
            }
        }
        return scores;
    }
}
