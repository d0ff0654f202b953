package dev.paved.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One upstream provider.
 *
 * @param name       the key under {@code providers:} in paved.yaml
 * @param type       wire protocol
 * @param baseUrl    e.g. {@code https://api.openai.com/v1}, {@code https://api.anthropic.com}; null for LOCAL
 * @param apiKey     secret after {@code ${ENV}} substitution; null when the provider needs none
 * @param apiVersion Azure's {@code api-version} or Anthropic's {@code anthropic-version}; null for the default
 * @param headers    extra headers sent on every upstream request
 * @param timeout    total time allowed for one upstream call
 */
public record ProviderConfig(String name, ProviderType type, URI baseUrl, String apiKey, String apiVersion,
                             Map<String, String> headers, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public ProviderConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** Never print the key. */
    @Override
    public String toString() {
        return "ProviderConfig[name=" + name + ", type=" + type.id() + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
}
