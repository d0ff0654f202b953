package dev.paved.fake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the fake received it.
 *
 * @param sequence order of arrival, from 0
 * @param method   HTTP method
 * @param path     path without the query
 * @param headers  header names lower-cased; repeated headers joined with {@code ", "}
 * @param body     body decoded as UTF-8
 * @param fault    {@link FaultSpec#syntax()} of the fault injected, or null
 */
public record RecordedRequest(long sequence, String method, String path, Map<String, String> headers,
                              String body, String fault) {

  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** A header value by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The body parsed as JSON. */
  public JsonNode json() {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new UncheckedIOException("recorded body is not JSON", e);
    }
  }
}
