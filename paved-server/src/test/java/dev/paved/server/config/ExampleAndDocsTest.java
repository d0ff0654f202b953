package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.ProviderType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** paved.example.yaml must load, and docs/configuration.md must describe what the loader does. */
class ExampleAndDocsTest {
    private static final Pattern REQUIRED_VAR = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        assertThat(p).as("repository root (the directory holding mvnw)").isNotNull();
        return p;
    }

    private static String read(String relative) throws IOException {
        return Files.readString(repoRoot().resolve(relative));
    }

    /** Variables referenced without a default in lines that are not comments. */
    private static Set<String> requiredVariables(String yaml) {
        Set<String> vars = new LinkedHashSet<>();
        for (String line : yaml.lines().toList()) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = REQUIRED_VAR.matcher(line);
            while (m.find()) {
                vars.add(m.group(1));
            }
        }
        return vars;
    }

    @Test
    void exampleLoadsWhenItsVariablesAreSet() throws IOException {
        String yaml = read("paved.example.yaml");
        Set<String> vars = requiredVariables(yaml);
        assertThat(vars).contains("OPENAI_API_KEY", "ANTHROPIC_API_KEY");
        Map<String, String> env = vars.stream().collect(Collectors.toMap(v -> v, v -> "test-" + v));

        PavedConfig c = ConfigLoader.parse(yaml, "paved.example.yaml", env);
        GatewayConfig g = c.gateway();
        assertThat(g.providers().values()).extracting(p -> p.type())
                .contains(ProviderType.OPENAI, ProviderType.ANTHROPIC, ProviderType.AZURE_OPENAI, ProviderType.LOCAL);
        assertThat(g.providers().get("openai").apiKey()).isEqualTo("test-OPENAI_API_KEY");
        assertThat(g.aliases().values()).anySatisfy(a -> assertThat(a.targets()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(g.aliases().values()).extracting(AliasConfig::kind).contains(AliasKind.CHAT, AliasKind.EMBEDDING);
        assertThat(g.aliases()).containsKey(BuiltIns.DEFAULT_EMBEDDING_MODEL);
        assertThat(g.pricing()).isNotEmpty();
        for (AliasConfig a : g.aliases().values()) {
            assertThat(a.targets()).allSatisfy(t -> assertThat(g.providers()).containsKey(t.provider()));
        }
        assertThat(c.server()).isEqualTo(new ServerSettings(8080, "0.0.0.0", Path.of("./data"),
                Path.of("paved.example.yaml"), null, null, null, true, 8L << 20, null));
    }

    @Test
    void exampleNamesExactlyTheVariablesItNeeds() throws IOException {
        String yaml = read("paved.example.yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "paved.example.yaml", Map.of()));
        List<String> missing = e.problems().stream()
                .map(p -> p.message().replaceFirst("^environment variable (\\S+) is not set.*$", "$1")).toList();
        assertThat(missing).containsExactlyInAnyOrderElementsOf(requiredVariables(yaml));
    }

    @Test
    void exampleShowsEveryKey() throws IOException {
        String yaml = read("paved.example.yaml");
        assertThat(yaml).contains(ServerKey.YAML_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(ProvidersSection.REMOTE_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(AliasesSection.ALIAS_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(AliasesSection.TARGET_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(AliasesSection.TIMEOUT_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(ResilienceSection.KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(CacheSection.KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(CacheSection.RULE_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(PricingSection.PRICE_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(ProvidersSection.TYPE_IDS.stream().map(t -> "type: " + t).filter(t -> !t.endsWith("local")).toList());
        assertThat(yaml).contains(RagSection.KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(RagSection.FEATURE_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(RagSection.REWRITE_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(AuthSection.KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(AuthSection.ISSUER_KEYS.stream().map(k -> k + ":").toList());
        assertThat(yaml).contains(AuthSection.TOKEN_ONLY_KEYS.stream().map(k -> k + ":").toList());
    }

    @Test
    void docsDescribeEveryKeyAndVariable() throws IOException {
        String docs = read("docs/configuration.md");
        for (ServerKey k : ServerKey.values()) {
            assertThat(docs).contains("`" + k.envVar + "`", "`" + k.yamlKey + "`");
        }
        assertThat(docs).contains("`" + ConfigLoader.CONFIG_ENV + "`");
        for (List<String> keys : List.of(ConfigLoader.SECTIONS, ProvidersSection.REMOTE_KEYS, AliasesSection.ALIAS_KEYS,
                AliasesSection.TARGET_KEYS, AliasesSection.TIMEOUT_KEYS, AliasesSection.STRATEGIES, AliasesSection.OVERFLOWS,
                ResilienceSection.KEYS, CacheSection.KEYS, CacheSection.RULE_KEYS, CacheSection.MODES, PricingSection.PRICE_KEYS,
                ProvidersSection.TYPE_IDS, RagSection.KEYS, RagSection.FEATURE_KEYS, RagSection.REWRITE_KEYS, AuthSection.KEYS,
                AuthSection.ISSUER_KEYS, AuthSection.TOKEN_ONLY_KEYS)) {
            for (String key : keys) {
                assertThat(docs).contains("`" + key + "`");
            }
        }
        assertThat(docs).contains("`${VAR}`", "`${VAR:-default}`", "`$${`", BuiltIns.DEFAULT_EMBEDDING_MODEL);
    }

    @Test
    void docsExampleErrorIsWhatTheLoaderPrints() throws IOException {
        String docs = read("docs/configuration.md");
        String input = fencedBlockAfter(docs, "<!-- example-error-input -->");
        String output = fencedBlockAfter(docs, "<!-- example-error-output -->");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(input, "paved.yaml", Map.of()));
        assertThat(e.getMessage()).isEqualTo(output.stripTrailing());
    }

    private static String fencedBlockAfter(String markdown, String marker) {
        int at = markdown.indexOf(marker);
        assertThat(at).as(marker).isNotNegative();
        int open = markdown.indexOf("```", at);
        int bodyStart = markdown.indexOf('\n', open) + 1;
        int close = markdown.indexOf("\n```", bodyStart);
        return markdown.substring(bodyStart, close + 1);
    }
}
