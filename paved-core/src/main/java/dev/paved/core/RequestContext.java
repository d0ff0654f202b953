package dev.paved.core;

import java.util.Set;

/**
 * Who is calling and how the call is traced. Built at the edge from the API key or a verified JWT (never from
 * the request body); carried through every layer.
 *
 * @param requestId     id returned to the caller in {@code x-request-id}
 * @param traceId       W3C trace id (32 hex)
 * @param spanId        the edge span id (16 hex)
 * @param tenantId      the tenant the key belongs to
 * @param keyId         the key's id
 * @param featureId     feature to attribute cost to (header, else the key's default), or null
 * @param allowedAliases model aliases this key may use; empty means all
 * @param principalId   the end user a verified JWT names (its subject), or null when only an API key authenticated
 */
public record RequestContext(String requestId, String traceId, String spanId, String tenantId, String keyId,
                             String featureId, Set<String> allowedAliases, String principalId) {
    public RequestContext {
        allowedAliases = allowedAliases == null ? Set.of() : Set.copyOf(allowedAliases);
    }

    /** A caller authenticated by an API key alone: no end-user principal. */
    public RequestContext(String requestId, String traceId, String spanId, String tenantId, String keyId,
                          String featureId, Set<String> allowedAliases) {
        this(requestId, traceId, spanId, tenantId, keyId, featureId, allowedAliases, null);
    }

    public boolean mayUse(String alias) {
        return allowedAliases.isEmpty() || allowedAliases.contains(alias);
    }

    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }
}
