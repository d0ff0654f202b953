package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a running Paved server's admin API with the admin key. */
final class AdminClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String adminKey;

    AdminClient(String baseUrl, String adminKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.adminKey = adminKey;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    JsonNode post(String path, Object body) {
        return withBody("POST", path, body);
    }

    JsonNode put(String path, Object body) {
        return withBody("PUT", path, body);
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    private JsonNode withBody(String method, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))));
        } catch (IOException e) {
            throw new CliException("could not encode the request: " + e.getMessage());
        }
    }

    private JsonNode send(HttpRequest.Builder b) {
        if (adminKey == null || adminKey.isBlank()) {
            throw new CliException("No admin key. Pass --admin-key or set PAVED_ADMIN_KEY (the key 'paved serve' printed at first start).");
        }
        HttpRequest req = b.header("authorization", "Bearer " + adminKey).timeout(Duration.ofSeconds(30)).build();
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
            String message = body.path("error").path("message").asText("HTTP " + resp.statusCode());
            throw new CliException(message);
        }
        return body;
    }
}
