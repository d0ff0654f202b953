package dev.paved.fake;

import java.util.LinkedHashMap;
import java.util.Map;

/** Error bodies in each provider's format. */
final class ErrorReplies {

  private ErrorReplies() {
  }

  /** An error with the type and code the real provider uses for {@code status}. */
  static JsonReply of(ErrorStyle style, int status, String message) {
    return of(style, status, message, null, Map.of());
  }

  static JsonReply of(ErrorStyle style, int status, String message, String param, Map<String, String> headers) {
    byte[] body = style == ErrorStyle.ANTHROPIC
        ? anthropicBody(anthropicType(status), message)
        : openAiBody(message, openAiType(status), param, openAiCode(status));
    return new JsonReply(status, body, headers);
  }

  /** The error an injected status fault answers with, with its retry headers. */
  static JsonReply forFault(ErrorStyle style, FaultSpec fault) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (fault.retryAfterSeconds() >= 0) {
      headers.put("retry-after", Long.toString(fault.retryAfterSeconds()));
    }
    if (fault.retryAfterMs() >= 0) {
      headers.put("retry-after-ms", Long.toString(fault.retryAfterMs()));
    }
    return of(style, fault.status(), faultMessage(fault.status()), null, headers);
  }

  static JsonReply invalid(ErrorStyle style, InvalidRequestException e) {
    return of(style, 400, e.getMessage(), e.param(), Map.of());
  }

  private static String faultMessage(int status) {
    return switch (status) {
      case 429 -> "Rate limit reached (injected by paved-fake).";
      case 503 -> "The server is overloaded or not ready yet (injected by paved-fake).";
      case 529 -> "Overloaded (injected by paved-fake).";
      default -> "Injected fault: HTTP " + status + " (paved-fake).";
    };
  }

  private static String openAiType(int status) {
    if (status == 429) {
      return "requests";
    }
    if (status == 403) {
      return "permission_error";
    }
    return status >= 500 ? "server_error" : "invalid_request_error";
  }

  private static String openAiCode(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 404 -> "not_found";
      case 429 -> "rate_limit_exceeded";
      default -> null;
    };
  }

  private static String anthropicType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  static byte[] openAiBody(String message, String type, String param, String code) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeStringField("type", type);
      g.writeStringField("param", param);
      g.writeStringField("code", code);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static byte[] anthropicBody(String type, String message) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", "error");
      g.writeObjectFieldStart("error");
      g.writeStringField("type", type);
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    });
  }
}
