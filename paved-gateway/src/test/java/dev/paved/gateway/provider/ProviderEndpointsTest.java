package dev.paved.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderEndpointsTest {
    private static ProviderConfig provider(ProviderType type, String url, String version) {
        return new ProviderConfig("p", type, URI.create(url), "secret", version, Map.of("X-Extra", "1"), null);
    }

    @Test
    void openAiUsesBearerAndAppendsPath() {
        UpstreamRequest r = ProviderEndpoints.chat(provider(ProviderType.OPENAI, "http://h:1/v1/", null), Buffer.buffer("{}"), "00-a-b-01", null);
        assertThat(r.uri()).hasToString("http://h:1/v1/chat/completions");
        assertThat(r.headers().get("authorization")).isEqualTo("Bearer secret");
        assertThat(r.headers().get("x-extra")).isEqualTo("1");
        assertThat(r.headers().get("traceparent")).isEqualTo("00-a-b-01");
    }

    @Test
    void azureUsesApiKeyHeaderAndVersionQuery() {
        UpstreamRequest r = ProviderEndpoints.chat(provider(ProviderType.AZURE_OPENAI,
                "https://res.openai.azure.com/openai/deployments/gpt4o", "2024-10-21"), Buffer.buffer("{}"), null, null);
        assertThat(r.uri()).hasToString("https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21");
        assertThat(r.headers().get("api-key")).isEqualTo("secret");
        assertThat(r.headers().contains("authorization")).isFalse();
    }

    @Test
    void anthropicAcceptsBaseWithOrWithoutV1AndSendsVersion() {
        assertThat(ProviderEndpoints.chat(provider(ProviderType.ANTHROPIC, "https://api.anthropic.com", null), Buffer.buffer("{}"), null, "b1").uri())
                .hasToString("https://api.anthropic.com/v1/messages");
        UpstreamRequest r = ProviderEndpoints.chat(provider(ProviderType.ANTHROPIC, "https://proxy/v1", "2023-06-01"), Buffer.buffer("{}"), null, "b1");
        assertThat(r.uri()).hasToString("https://proxy/v1/messages");
        assertThat(r.headers().get("x-api-key")).isEqualTo("secret");
        assertThat(r.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(r.headers().get("anthropic-beta")).isEqualTo("b1");
    }

    @Test
    void existingQueryIsKept() {
        assertThat(ProviderEndpoints.join(URI.create("http://h/v1?a=1"), "/embeddings", "api-version=2")).hasToString("http://h/v1/embeddings?a=1&api-version=2");
    }
}
