package dev.paved.gateway.policy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The errors a caller gets when a limit or budget refuses a call: what ran out, and when to come back. */
final class Refusals {
    private Refusals() {
    }

    static PavedException of(Meter m, long value, Map<String, String> rateHeaders, long nowMillis) {
        Map<String, String> headers = new LinkedHashMap<>(rateHeaders);
        String whose = whose(m);
        PavedException e;
        if (m.kind().budget()) {
            String period = m.kind() == Meter.Kind.BUDGET_DAY ? "daily" : "monthly";
            e = new PavedException(ErrorKind.RATE_LIMITED, "The " + period + " budget of " + whose + " is used up: spent $"
                    + Usd.fromTicks(value).toPlainString() + " of $" + Usd.fromTicks(m.limit()).toPlainString() + ". Calls resume at "
                    + Instant.ofEpochMilli(m.resetAtMillis()) + "; to continue sooner, ask your platform team to raise the budget.",
                    null, "budget_exceeded");
            headers.put("retry-after", RateHeaders.retryAfterSeconds(m.resetAtMillis() - nowMillis));
        } else if (m.kind().concurrency()) {
            String what = m.kind() == Meter.Kind.CONCURRENT_STREAMS ? "streams" : "calls";
            e = new PavedException(ErrorKind.RATE_LIMITED, "Too many concurrent " + what + " for " + whose + ": at most " + m.limit()
                    + " " + m.cls().name().toLowerCase(Locale.ROOT) + " " + what + " at a time. Retry when one of them has finished.",
                    null, "concurrency_limit_exceeded");
            headers.put("retry-after", "1");
        } else {
            String unit = m.kind() == Meter.Kind.REQUESTS ? "requests" : "tokens";
            long wait = m.resetAtMillis() - nowMillis;
            e = new PavedException(ErrorKind.RATE_LIMITED, "Rate limit reached for " + whose + ": " + m.limit() + " " + unit
                    + " per minute. Retry after " + RateHeaders.retryAfterSeconds(wait) + "s, or ask your platform team for a higher limit.",
                    null, "rate_limit_exceeded");
            headers.put("retry-after", RateHeaders.retryAfterSeconds(wait));
        }
        return e.withHeaders(headers);
    }

    static PavedException tenantAliasNotAllowed(String alias) {
        return new PavedException(ErrorKind.PERMISSION, "Your tenant may not use the model '" + alias
                + "'. Use one of the models GET /v1/models lists, or ask your platform team to add it to the tenant's allowed aliases.",
                "model", "model_not_allowed");
    }

    static PavedException storeUnavailable(Throwable cause) {
        return new PavedException(ErrorKind.UNAVAILABLE, "The gateway cannot reach the shared store that holds rate limits and budgets"
                + " (" + cause.getMessage() + "). Retry in a moment; if it persists, tell your platform team.",
                null, "policy_store_unavailable", cause).withHeaders(Map.of("retry-after", "1"));
    }

    private static String whose(Meter m) {
        return switch (m.scope()) {
            case "tenant" -> "your tenant";
            case "key" -> "your API key";
            default -> "the feature '" + m.id() + "'";
        };
    }
}
