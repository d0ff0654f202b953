package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Calls a running Paved server's knowledge API with a product API key. */
final class KbClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    KbClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (apiKey == null || apiKey.isBlank()) {
            throw new CliException("No API key. Pass --api-key or set PAVED_API_KEY (create one with 'paved keys create --tenant ...').");
        }
        this.apiKey = apiKey;
    }

    JsonNode postJson(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))));
        } catch (IOException e) {
            throw new CliException("could not encode the request: " + e.getMessage());
        }
    }

    /** Uploads one file as {@code multipart/form-data} with a {@code file} part and text fields. */
    JsonNode postFile(String path, String fileName, byte[] content, Map<String, String> fields) {
        String boundary = "paved-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((k, v) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName.replace("\"", "_") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode send(HttpRequest.Builder b) {
        HttpRequest req = b.header("authorization", "Bearer " + apiKey).timeout(Duration.ofMinutes(5)).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("Cannot reach Paved at " + baseUrl + ". Start it with './paved serve' or pass --url.");
        } catch (IOException e) {
            throw new CliException("Request to " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode body;
        try {
            body = resp.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new CliException("Paved answered HTTP " + resp.statusCode() + " with a body that is not JSON.");
        }
        if (resp.statusCode() >= 400) {
            throw new CliException(body.path("error").path("message").asText("HTTP " + resp.statusCode()));
        }
        return body;
    }
}
