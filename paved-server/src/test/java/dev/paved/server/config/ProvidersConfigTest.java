package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersConfigTest {
    private static final String FOUR_PROVIDERS = """
            providers:
              openai:    {type: openai, base_url: https://api.openai.com/v1, api_key: "${OPENAI_API_KEY}"}
              anthropic: {type: anthropic, base_url: https://api.anthropic.com, api_key: "${ANTHROPIC_API_KEY}", api_version: "2023-06-01"}
              azure:     {type: azure-openai, base_url: https://myres.openai.azure.com/openai/deployments/gpt4o, api_key: "${AZURE_KEY}", api_version: "2024-10-21"}
              ollama:    {type: openai, base_url: http://127.0.0.1:11434/v1, headers: {X-Extra: a}, timeout: 60s}
            """;
    private static final Map<String, String> KEYS = Map.of(
            "OPENAI_API_KEY", "sk-openai", "ANTHROPIC_API_KEY", "sk-ant", "AZURE_KEY", "az-key");

    @Test
    void readsEveryProviderSetting() {
        Map<String, ProviderConfig> p = parse(FOUR_PROVIDERS, KEYS).gateway().providers();
        assertThat(p).containsOnlyKeys("openai", "anthropic", "azure", "ollama", "local", "extractive");

        assertThat(p.get("openai")).isEqualTo(new ProviderConfig("openai", ProviderType.OPENAI,
                URI.create("https://api.openai.com/v1"), "sk-openai", null, Map.of(), null));
        assertThat(p.get("openai").timeout()).isEqualTo(ProviderConfig.DEFAULT_TIMEOUT);

        ProviderConfig anthropic = p.get("anthropic");
        assertThat(anthropic.type()).isEqualTo(ProviderType.ANTHROPIC);
        assertThat(anthropic.apiKey()).isEqualTo("sk-ant");
        assertThat(anthropic.apiVersion()).isEqualTo("2023-06-01");

        ProviderConfig azure = p.get("azure");
        assertThat(azure.type()).isEqualTo(ProviderType.AZURE_OPENAI);
        assertThat(azure.baseUrl()).isEqualTo(URI.create("https://myres.openai.azure.com/openai/deployments/gpt4o"));
        assertThat(azure.apiVersion()).isEqualTo("2024-10-21");

        ProviderConfig ollama = p.get("ollama");
        assertThat(ollama.apiKey()).isNull();
        assertThat(ollama.headers()).containsExactly(Map.entry("X-Extra", "a"));
        assertThat(ollama.timeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void localProviderAlwaysExists() {
        ProviderConfig local = parse("").gateway().providers().get("local");
        assertThat(local).isEqualTo(BuiltIns.localProvider());
        assertThat(local.type()).isEqualTo(ProviderType.LOCAL);
        assertThat(local.baseUrl()).isNull();
    }

    @Test
    void localProviderMayBeDeclaredToSetItsTimeout() {
        ProviderConfig local = parse("providers:\n  local: {type: local, timeout: 5s}\n").gateway().providers().get("local");
        assertThat(local.timeout()).isEqualTo(Duration.ofSeconds(5));
        ProviderConfig embedder = parse("providers:\n  embedder: {type: local}\n").gateway().providers().get("embedder");
        assertThat(embedder.type()).isEqualTo(ProviderType.LOCAL);
    }

    @Test
    void typeIsCaseInsensitiveAndBaseUrlLosesTrailingSlash() {
        ProviderConfig p = parse("providers:\n  vllm: {type: OpenAI, base_url: 'http://gpu-box:8000/v1/'}\n")
                .gateway().providers().get("vllm");
        assertThat(p.type()).isEqualTo(ProviderType.OPENAI);
        assertThat(p.baseUrl()).isEqualTo(URI.create("http://gpu-box:8000/v1"));
    }

    @Test
    void emptyApiKeyAfterSubstitutionMeansNoKey() {
        ProviderConfig p = parse("providers:\n  o: {type: openai, base_url: http://h/v1, api_key: \"${OPT_KEY:-}\"}\n")
                .gateway().providers().get("o");
        assertThat(p.apiKey()).isNull();
    }

    @Test
    void headerValuesAreSubstitutedPartially() {
        ProviderConfig p = parse("""
                providers:
                  gw:
                    type: openai
                    base_url: https://gw.example.com/v1
                    headers:
                      Authorization: "Bearer ${GW_TOKEN}"
                      X-Team: "$${literal}"
                """, Map.of("GW_TOKEN", "t0k")).gateway().providers().get("gw");
        assertThat(p.headers()).containsEntry("Authorization", "Bearer t0k").containsEntry("X-Team", "${literal}");
    }

    @Test
    void mergeKeysShareSettingsBetweenProviders() {
        Map<String, ProviderConfig> p = parse("""
                providers:
                  a: &gpu {type: openai, base_url: http://gpu:8000/v1, timeout: 10s}
                  b:
                    <<: *gpu
                    base_url: http://gpu2:8000/v1
                """).gateway().providers();
        assertThat(p.get("b").type()).isEqualTo(ProviderType.OPENAI);
        assertThat(p.get("b").timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.get("b").baseUrl()).isEqualTo(URI.create("http://gpu2:8000/v1"));
    }

    @Test
    void missingTypeAndBaseUrl() {
        ConfigException e = failure("""
                providers:
                  openai:
                    api_key: x
                  anthropic:
                    type: anthropic
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:3 providers.openai: missing 'type'; use one of: anthropic, azure-openai, extractive, local, openai",
                "paved.yaml:2:3 providers.openai: missing 'base_url'",
                "paved.yaml:4:3 providers.anthropic: missing 'base_url'; for example https://api.anthropic.com");
    }

    @Test
    void unknownTypeListsValidOnesAndSuggests() {
        ConfigException e = failure("providers:\n  o:\n    type: opnai\n    base_url: https://api.openai.com/v1\n");
        assertThat(problemLines(e)).containsExactly("paved.yaml:3:11 providers.o.type: unknown provider type 'opnai';"
                + " valid types: anthropic, azure-openai, extractive, local, openai (did you mean 'openai'?)");
        assertThat(failure("providers:\n  o: {type: azure, base_url: https://x.openai.azure.com}\n").getMessage())
                .contains("unknown provider type 'azure'", "(did you mean 'azure-openai'?)");
    }

    @Test
    void baseUrlProblems() {
        ConfigException e = failure("""
                providers:
                  a: {type: openai, base_url: api.openai.com/v1}
                  b: {type: openai, base_url: 'ftp://models.example.com'}
                  c: {type: openai, base_url: [https://x]}
                  d: {type: openai, base_url: }
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:31 providers.a.base_url: 'api.openai.com/v1' must be an absolute http:// or https:// URL,"
                        + " such as https://api.openai.com/v1",
                "paved.yaml:3:31 providers.b.base_url: 'ftp://models.example.com' must be an absolute http:// or"
                        + " https:// URL, such as https://api.openai.com/v1",
                "paved.yaml:4:31 providers.c.base_url: expected a single value, got a list",
                "paved.yaml:5:21 providers.d.base_url: missing 'base_url'; for example https://api.openai.com/v1"
                        + " (or http://127.0.0.1:11434/v1 for Ollama)");
    }

    @Test
    void timeoutProblems() {
        ConfigException e = failure("""
                providers:
                  a: {type: openai, base_url: http://h/v1, timeout: 60}
                  b: {type: openai, base_url: http://h/v1, timeout: soon}
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:53 providers.a.timeout: '60' is not a duration; write a whole number with a unit:"
                        + " ms, s, m or h, such as 500ms, 30s, 2m (add a unit: 60s)",
                "paved.yaml:3:53 providers.b.timeout: 'soon' is not a duration; write a whole number with a unit:"
                        + " ms, s, m or h, such as 500ms, 30s, 2m");
    }

    @Test
    void headerProblems() {
        ConfigException e = failure("""
                providers:
                  a:
                    type: openai
                    base_url: http://h/v1
                    headers:
                      Bad Name: x
                      Host: other
                      X-Empty:
                      X-Injected: "${INJECT}"
                      X-List: [1, 2]
                """, Map.of("INJECT", "a\r\nEvil: yes"));
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:6:7 providers.a.headers.Bad Name: 'Bad Name' is not a valid HTTP header name",
                "paved.yaml:7:7 providers.a.headers.Host: header 'Host' is set by Paved and cannot be configured",
                "paved.yaml:8:7 providers.a.headers.X-Empty: header 'X-Empty' has no value",
                "paved.yaml:9:19 providers.a.headers.X-Injected: header value contains a line break or control character",
                "paved.yaml:10:15 providers.a.headers.X-List: expected a single value, got a list");
        assertThat(problemLines(failure("providers:\n  a: {type: openai, base_url: http://h, headers: x}\n")))
                .containsExactly("paved.yaml:2:50 providers.a.headers: expected a mapping of header names to values,"
                        + " got a string");
    }

    @Test
    void providerNamesAndShapes() {
        ConfigException e = failure("""
                providers:
                  open/ai: {type: openai, base_url: http://h}
                  plain: openai
                  listed: [openai]
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:3 providers.open/ai: provider names may contain only letters, digits, '.', '_' and '-'",
                "paved.yaml:3:10 providers.plain: expected a mapping of provider settings (type, base_url, api_key, ...),"
                        + " got a string",
                "paved.yaml:4:11 providers.listed: expected a mapping of provider settings (type, base_url, api_key,"
                        + " ...), got a list");
        assertThat(problemLines(failure("providers: [openai]\n"))).containsExactly(
                "paved.yaml:1:12 providers: expected a mapping of provider names to provider settings, got a list");
    }

    @Test
    void localNameIsReservedAndLocalProvidersTakeNoUrl() {
        ConfigException e = failure("""
                providers:
                  local: {type: openai, base_url: http://h/v1}
                  embedder:
                    type: local
                    base_url: http://h/v1
                    api_key: k
                    timout: 5s
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:17 providers.local.type: the name 'local' is reserved for Paved's in-process provider;"
                        + " rename this provider, or set type: local",
                "paved.yaml:5:5 providers.embedder.base_url: 'base_url' does not apply to an in-process provider, which runs"
                        + " inside Paved; remove it",
                "paved.yaml:6:5 providers.embedder.api_key: 'api_key' does not apply to an in-process provider, which runs"
                        + " inside Paved; remove it",
                "paved.yaml:7:5 providers.embedder.timout: unknown key 'timout'; valid keys for an in-process provider:"
                        + " type, timeout (did you mean 'timeout'?)");
    }

    @Test
    void unknownProviderKeySuggestsTheClosest() {
        ConfigException e = failure("providers:\n  o:\n    type: openai\n    base_url: http://h/v1\n    api_ky: x\n");
        assertThat(problemLines(e)).containsExactly("paved.yaml:5:5 providers.o.api_ky: unknown key 'api_ky'; valid keys:"
                + " type, base_url, api_key, api_version, headers, timeout (did you mean 'api_key'?)");
    }

    @Test
    void toStringNeverShowsTheKey() {
        ProviderConfig p = parse(FOUR_PROVIDERS, KEYS).gateway().providers().get("openai");
        assertThat(p.toString()).doesNotContain("sk-openai").contains("apiKey=***");
    }
}
