package dev.paved.gateway.chat;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.resilience.Backoff;
import dev.paved.gateway.route.Route;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Sorts provider failures into what may happen next: retry, fall back, or answer the caller. */
final class FailureClassifier {
    private FailureClassifier() {
    }

    static AttemptFailure fromStatus(int status, byte[] body, String retryAfter) {
        PavedException e = UpstreamFailures.fromStatus(status, body, retryAfter);
        long retryAfterMillis = Backoff.retryAfterMillis(retryAfter);
        return switch (status) {
            case 408, 429, 500, 502, 503, 504, 529 ->
                    new AttemptFailure(e, e.code(), true, true, true, retryAfterMillis, retryAfter, false);
            case 401, 403 -> new AttemptFailure(e, e.code(), false, true, true, -1, null, false);
            default -> {
                String code = e.code() == null ? "" : e.code().toLowerCase(Locale.ROOT);
                String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
                if (status >= 500) {
                    yield new AttemptFailure(e, e.code(), true, true, true, retryAfterMillis, retryAfter, false);
                }
                if (isContextOverflow(code, message)) {
                    yield new AttemptFailure(e, "context_length_exceeded", false, true, false, -1, null, false);
                }
                if (isContentPolicy(code, message)) {
                    yield new AttemptFailure(e, "content_policy", false, true, false, -1, null, false);
                }
                yield new AttemptFailure(e, e.code(), false, false, false, -1, null, false);
            }
        };
    }

    static AttemptFailure fromThrowable(Throwable t, Route route) {
        PavedException e;
        if (t instanceof TimeoutException || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timeout"))) {
            e = new PavedException(ErrorKind.TIMEOUT, "The provider '" + route.provider().name()
                    + "' did not answer in time. Retry later, or ask your platform team to raise its timeout.", null, "upstream_timeout");
        } else if (t instanceof ConnectException) {
            e = new PavedException(ErrorKind.UPSTREAM, "Could not connect to the provider '" + route.provider().name()
                    + "'. It may be down; retry later.", null, "upstream_unreachable");
        } else {
            e = new PavedException(ErrorKind.UPSTREAM, "The call to the provider '" + route.provider().name() + "' failed ("
                    + describe(t) + "). Retry later.", null, "upstream_error");
        }
        return AttemptFailure.transientFailure(e);
    }

    /** A successful answer that is a provider's content-policy refusal: another target may answer. */
    static AttemptFailure refusal(Route route) {
        PavedException e = new PavedException(ErrorKind.INVALID_REQUEST, "The provider '" + route.provider().name()
                + "' refused to answer under its content policy.", null, "content_policy");
        return new AttemptFailure(e, "content_policy", false, true, false, -1, null, false);
    }

    private static boolean isContextOverflow(String code, String message) {
        return code.contains("context_length") || message.contains("context length") || message.contains("context window")
                || message.contains("prompt is too long") || message.contains("maximum context");
    }

    private static boolean isContentPolicy(String code, String message) {
        return code.contains("content_policy") || code.contains("content_filter") || message.contains("content management policy")
                || message.contains("content policy");
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
