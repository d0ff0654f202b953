package dev.paved.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure with a category, a message that tells the caller what to do next, and optionally the
 * request parameter at fault and a machine-readable code. Every HTTP API renders it in its own
 * wire format.
 */
public class PavedException extends RuntimeException {
    private final ErrorKind kind;
    private final String param;
    private final String code;
    private final Map<String, String> headers;

    public PavedException(ErrorKind kind, String message) {
        this(kind, message, null, null, null);
    }

    public PavedException(ErrorKind kind, String message, String param, String code) {
        this(kind, message, param, code, null);
    }

    public PavedException(ErrorKind kind, String message, String param, String code, Throwable cause) {
        this(kind, message, param, code, cause, Map.of());
    }

    private PavedException(ErrorKind kind, String message, String param, String code, Throwable cause, Map<String, String> headers) {
        super(message, cause, false, false);
        this.kind = kind;
        this.param = param;
        this.code = code;
        this.headers = headers;
    }

    /** The same error with extra response headers (e.g. {@code retry-after}, {@code x-ratelimit-*}). */
    public PavedException withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new PavedException(kind, getMessage(), param, code, getCause(), Map.copyOf(merged));
    }

    /** Response headers the error must be sent with; empty for most errors. */
    public Map<String, String> headers() {
        return headers;
    }

    public ErrorKind kind() {
        return kind;
    }

    public int status() {
        return kind.status();
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** A stable machine-readable reason such as {@code model_not_found}, or null. */
    public String code() {
        return code;
    }

    public static PavedException invalid(String message, String param) {
        return new PavedException(ErrorKind.INVALID_REQUEST, message, param, "invalid_value");
    }
}
