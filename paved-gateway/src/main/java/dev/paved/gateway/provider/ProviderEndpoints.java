package dev.paved.gateway.provider;

import dev.paved.gateway.WireFormat;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where and how to call a provider: the URL for an operation and the headers its protocol wants.
 * OpenAI-compatible servers take {@code Authorization: Bearer}; Azure OpenAI takes {@code api-key}
 * and an {@code api-version} query parameter on a deployment URL; Anthropic takes {@code x-api-key}
 * and {@code anthropic-version}.
 */
public final class ProviderEndpoints {
    public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    /** Bounds the cache if configurations keep changing without a restart; a cleared entry is simply rebuilt. */
    private static final int MAX_JOINED = 1_024;
    private static final ConcurrentHashMap<JoinKey, URI> JOINED = new ConcurrentHashMap<>();

    private ProviderEndpoints() {
    }

    private record JoinKey(URI base, String path, String query) {
    }

    /** The chat protocol a provider speaks. */
    public static WireFormat chatFormat(ProviderConfig p) {
        return p.type() == ProviderType.ANTHROPIC ? WireFormat.ANTHROPIC : WireFormat.OPENAI;
    }

    public static UpstreamRequest chat(ProviderConfig p, Buffer body, String traceparent, String anthropicBeta) {
        return switch (p.type()) {
            case OPENAI, EXTRACTIVE -> new UpstreamRequest(join(requireUrl(p), "/chat/completions", null), openAiHeaders(p, traceparent), body, p.timeout());
            case AZURE_OPENAI -> new UpstreamRequest(join(p.baseUrl(), "/chat/completions", azureVersion(p)), azureHeaders(p, traceparent), body, p.timeout());
            case ANTHROPIC -> new UpstreamRequest(join(p.baseUrl(), anthropicPath(p.baseUrl()), null), anthropicHeaders(p, traceparent, anthropicBeta), body, p.timeout());
            case LOCAL -> throw new IllegalArgumentException("provider " + p.name() + " is in-process and has no HTTP endpoint");
        };
    }

    public static UpstreamRequest embeddings(ProviderConfig p, Buffer body, String traceparent) {
        return switch (p.type()) {
            case OPENAI -> new UpstreamRequest(join(p.baseUrl(), "/embeddings", null), openAiHeaders(p, traceparent), body, p.timeout());
            case AZURE_OPENAI -> new UpstreamRequest(join(p.baseUrl(), "/embeddings", azureVersion(p)), azureHeaders(p, traceparent), body, p.timeout());
            case ANTHROPIC, LOCAL, EXTRACTIVE -> throw new IllegalArgumentException("provider " + p.name() + " (" + p.type().id() + ") does not serve embeddings over HTTP");
        };
    }

    /** The extractive provider gets its loopback URL when the server starts; before that it cannot be called. */
    private static URI requireUrl(ProviderConfig p) {
        if (p.baseUrl() == null) {
            throw new IllegalStateException("provider " + p.name() + " (" + p.type().id() + ") has no endpoint yet; the server assigns it at start");
        }
        return p.baseUrl();
    }

    /** Anthropic's base URL is usually given without {@code /v1}; accept both spellings. */
    private static String anthropicPath(URI base) {
        String path = base.getPath() == null ? "" : base.getPath();
        return path.endsWith("/v1") || path.endsWith("/v1/") ? "/messages" : "/v1/messages";
    }

    private static String azureVersion(ProviderConfig p) {
        return "api-version=" + (p.apiVersion() == null ? DEFAULT_AZURE_API_VERSION : p.apiVersion());
    }

    /**
     * {@code base} with {@code path} appended and {@code query} added to its query. Providers and their settings are
     * few, so each result is built (and parsed) once and then reused.
     */
    static URI join(URI base, String path, String query) {
        JoinKey key = new JoinKey(base, path, query);
        URI joined = JOINED.get(key);
        if (joined == null) {
            if (JOINED.size() >= MAX_JOINED) {
                JOINED.clear();
            }
            joined = build(base, path, query);
            JOINED.put(key, joined);
        }
        return joined;
    }

    private static URI build(URI base, String path, String query) {
        String b = base.toString();
        int q = b.indexOf('?');
        String existingQuery = null;
        if (q >= 0) {
            existingQuery = b.substring(q + 1);
            b = b.substring(0, q);
        }
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        String fullQuery = existingQuery == null ? query : (query == null ? existingQuery : existingQuery + "&" + query);
        return URI.create(b + path + (fullQuery == null ? "" : "?" + fullQuery));
    }

    private static MultiMap base(ProviderConfig p, String traceparent) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        h.set("content-type", "application/json");
        h.set("accept", "application/json, text/event-stream");
        if (traceparent != null) {
            h.set("traceparent", traceparent);
        }
        for (Map.Entry<String, String> e : p.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        return h;
    }

    private static MultiMap openAiHeaders(ProviderConfig p, String traceparent) {
        MultiMap h = base(p, traceparent);
        if (p.apiKey() != null && !p.apiKey().isEmpty()) {
            h.set("authorization", "Bearer " + p.apiKey());
        }
        return h;
    }

    private static MultiMap azureHeaders(ProviderConfig p, String traceparent) {
        MultiMap h = base(p, traceparent);
        if (p.apiKey() != null && !p.apiKey().isEmpty()) {
            h.set("api-key", p.apiKey());
        }
        return h;
    }

    private static MultiMap anthropicHeaders(ProviderConfig p, String traceparent, String beta) {
        MultiMap h = base(p, traceparent);
        if (p.apiKey() != null && !p.apiKey().isEmpty()) {
            h.set("x-api-key", p.apiKey());
        }
        h.set("anthropic-version", p.apiVersion() == null ? DEFAULT_ANTHROPIC_VERSION : p.apiVersion());
        if (beta != null && !beta.isEmpty()) {
            h.set("anthropic-beta", beta);
        }
        return h;
    }
}
