package dev.paved.gateway.chat;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.route.Route;
import dev.paved.gateway.wire.UpstreamErrors;

/**
 * Maps a provider's error answer to what the caller should see. The provider's own credentials are
 * the platform's business: a 401/403 from upstream becomes a 502 that tells the caller to contact
 * the platform team, never an authentication error about the caller's key.
 */
final class UpstreamFailures {
    private UpstreamFailures() {
    }

    static PavedException fromStatus(int status, byte[] body, String retryAfter) {
        PavedException parsed = UpstreamErrors.parse(status, body);
        return switch (status) {
            case 401, 403 -> new PavedException(ErrorKind.UPSTREAM,
                    "The provider rejected the gateway's credentials (HTTP " + status + "). This is a platform configuration problem: "
                            + "ask your platform team to check the provider's api_key.", null, "upstream_auth_failed");
            case 429 -> new PavedException(ErrorKind.RATE_LIMITED, "The provider is rate limiting requests"
                    + (retryAfter == null ? "" : "; retry after " + retryAfter + "s") + ". " + parsed.getMessage(), null, "upstream_rate_limited");
            case 503, 529 -> new PavedException(ErrorKind.UNAVAILABLE, "The provider is overloaded or unavailable (HTTP " + status
                    + "). Retry later. " + parsed.getMessage(), null, "upstream_unavailable");
            case 504 -> new PavedException(ErrorKind.TIMEOUT, "The provider timed out (HTTP 504). Retry later.", null, "upstream_timeout");
            default -> status >= 500
                    ? new PavedException(ErrorKind.UPSTREAM, "The provider failed (HTTP " + status + "). Retry later. " + parsed.getMessage(),
                    null, "upstream_error")
                    : new PavedException(ErrorKind.INVALID_REQUEST, "The provider rejected the request (HTTP " + status + "): "
                    + parsed.getMessage(), parsed.param(), parsed.code() == null ? "upstream_rejected" : parsed.code());
        };
    }

    static PavedException malformed(Route route) {
        return new PavedException(ErrorKind.UPSTREAM, "The provider '" + route.provider().name()
                + "' sent a response the gateway could not read. Retry later.", null, "upstream_malformed");
    }
}
