package dev.paved.fake;

import io.vertx.core.http.HttpMethod;

/** The model API paths the fake serves; anything else is {@link #OTHER}. */
enum Endpoint {
  CHAT("/v1/chat/completions", HttpMethod.POST),
  MESSAGES("/v1/messages", HttpMethod.POST),
  EMBEDDINGS("/v1/embeddings", HttpMethod.POST),
  MODELS("/v1/models", HttpMethod.GET),
  OTHER("other", null);

  private final String statsKey;
  private final HttpMethod method;

  Endpoint(String statsKey, HttpMethod method) {
    this.statsKey = statsKey;
    this.method = method;
  }

  String statsKey() {
    return statsKey;
  }

  HttpMethod method() {
    return method;
  }

  static Endpoint of(String path) {
    return switch (path) {
      case "/v1/chat/completions" -> CHAT;
      case "/v1/messages" -> MESSAGES;
      case "/v1/embeddings" -> EMBEDDINGS;
      case "/v1/models" -> MODELS;
      default -> OTHER;
    };
  }
}
