package dev.paved.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small JDK HttpClient wrapper for talking to a {@link FakeProvider} in tests. */
final class FakeHttp {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** One server-sent event: its {@code event:} name (null when absent) and its data. */
  record SseEvent(String event, String data) {
    JsonNode json() {
      return FakeHttp.json(data);
    }
  }

  private final HttpClient client;
  private final String base;

  FakeHttp(FakeProvider provider) {
    this(provider, HttpClient.Version.HTTP_1_1);
  }

  FakeHttp(FakeProvider provider, HttpClient.Version version) {
    this.client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    this.base = provider.baseUrl();
  }

  HttpClient client() {
    return client;
  }

  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  HttpRequest postRequest(String path, String body, String... headers) {
    return request(path, headers).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    return send(postRequest(path, body, headers));
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<InputStream> postStream(String path, String body, String... headers)
      throws IOException, InterruptedException {
    return client.send(postRequest(path, body, headers), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Posts and reads the whole SSE response. */
  List<SseEvent> stream(String path, String body, String... headers) {
    try {
      HttpResponse<InputStream> response = postStream(path, body, headers);
      if (response.statusCode() != 200) {
        throw new AssertionError("status " + response.statusCode() + ": "
            + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
      }
      try (SseReader reader = new SseReader(response.body())) {
        return reader.readAll();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    return json(response.body());
  }

  /** Reads SSE events one at a time. */
  static final class SseReader implements AutoCloseable {
    private final BufferedReader reader;

    SseReader(InputStream in) {
      this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream. */
    SseEvent next() throws IOException {
      String event = null;
      StringBuilder data = null;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            return new SseEvent(event, data.toString());
          }
          continue;
        }
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          String value = line.substring(5);
          value = value.startsWith(" ") ? value.substring(1) : value;
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
      }
      return data == null ? null : new SseEvent(event, data.toString());
    }

    List<SseEvent> readAll() throws IOException {
      List<SseEvent> events = new ArrayList<>();
      for (SseEvent event = next(); event != null; event = next()) {
        events.add(event);
      }
      return events;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
