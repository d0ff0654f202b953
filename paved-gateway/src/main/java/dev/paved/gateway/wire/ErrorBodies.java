package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;

/** Renders a {@link PavedException} as the error body each API's SDK expects. */
public final class ErrorBodies {
    private ErrorBodies() {
    }

    /** {@code {"error":{"message","type","param","code"}}}, the OpenAI error shape. */
    public static ObjectNode openAi(PavedException e) {
        return openAi(e.kind(), e.getMessage(), e.param(), e.code());
    }

    /** {@code {"type":"error","error":{"type","message"}}}, the Anthropic error shape. */
    public static ObjectNode anthropic(PavedException e) {
        return anthropic(anthropicType(e.kind()), e.getMessage());
    }

    static ObjectNode openAi(ErrorKind kind, String message, String param, String code) {
        ObjectNode out = Json.object();
        ObjectNode error = out.putObject("error");
        error.put("message", message == null ? "" : message);
        error.put("type", openAiType(kind));
        error.put("param", param);
        error.put("code", code);
        return out;
    }

    static ObjectNode anthropic(String type, String message) {
        ObjectNode out = Json.object();
        out.put("type", "error");
        out.putObject("error").put("type", type).put("message", message == null ? "" : message);
        return out;
    }

    /** OpenAI's error types: client errors keep their category, server-side ones are all {@code api_error}. */
    static String openAiType(ErrorKind kind) {
        return switch (kind) {
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case RATE_LIMITED -> "rate_limit_error";
            case INVALID_REQUEST, CONFLICT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> "invalid_request_error";
            case INTERNAL, UPSTREAM, UNAVAILABLE, TIMEOUT -> "api_error";
        };
    }

    /** Anthropic's error types, which have no conflict category. */
    static String anthropicType(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONFLICT, UNSUPPORTED_MEDIA_TYPE -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case PAYLOAD_TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case INTERNAL, UPSTREAM -> "api_error";
            case UNAVAILABLE -> "overloaded_error";
            case TIMEOUT -> "timeout_error";
        };
    }

    /** The kind behind an error type of either format (as found in upstream error bodies); unknown gives UPSTREAM. */
    static ErrorKind kindFromType(String type) {
        if (type == null) {
            return ErrorKind.UPSTREAM;
        }
        return switch (type) {
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "authentication_error" -> ErrorKind.AUTHENTICATION;
            case "permission_error" -> ErrorKind.PERMISSION;
            case "not_found_error" -> ErrorKind.NOT_FOUND;
            case "request_too_large" -> ErrorKind.PAYLOAD_TOO_LARGE;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "overloaded_error" -> ErrorKind.UNAVAILABLE;
            case "timeout_error" -> ErrorKind.TIMEOUT;
            default -> ErrorKind.UPSTREAM;
        };
    }
}
