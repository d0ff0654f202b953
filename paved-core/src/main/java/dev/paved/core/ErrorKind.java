package dev.paved.core;

/** The closed set of error categories every API maps to its own wire format. */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error"),
    AUTHENTICATION(401, "authentication_error"),
    PERMISSION(403, "permission_error"),
    NOT_FOUND(404, "not_found_error"),
    CONFLICT(409, "conflict_error"),
    PAYLOAD_TOO_LARGE(413, "request_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error"),
    RATE_LIMITED(429, "rate_limit_error"),
    INTERNAL(500, "api_error"),
    UPSTREAM(502, "api_error"),
    UNAVAILABLE(503, "overloaded_error"),
    TIMEOUT(504, "timeout_error");

    private final int status;
    private final String type;

    ErrorKind(int status, String type) {
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    /** The error type string used in OpenAI- and Anthropic-style error bodies. */
    public String type() {
        return type;
    }

    public static ErrorKind fromStatus(int status) {
        return switch (status) {
            case 400, 422 -> INVALID_REQUEST;
            case 401 -> AUTHENTICATION;
            case 403 -> PERMISSION;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503, 529 -> UNAVAILABLE;
            case 504 -> TIMEOUT;
            default -> status >= 500 ? UPSTREAM : INVALID_REQUEST;
        };
    }
}
