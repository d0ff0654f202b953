package dev.paved.fake;

import java.util.Map;

/** A complete JSON response. {@code headers} are extra response headers. */
record JsonReply(int status, byte[] body, Map<String, String> headers) implements Reply {

  JsonReply {
    headers = Map.copyOf(headers);
  }

  static JsonReply ok(byte[] body) {
    return new JsonReply(200, body, Map.of());
  }
}
