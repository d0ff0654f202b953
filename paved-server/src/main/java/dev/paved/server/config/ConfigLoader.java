package dev.paved.server.config;

import dev.paved.core.Pricing;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.CacheConfig;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.ResilienceConfig;
import dev.paved.gateway.policy.PolicyConfig;
import dev.paved.guard.config.GuardrailsConfig;
import dev.paved.server.auth.jwt.JwtSettings;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads paved.yaml and the PAVED_* environment into one validated {@link PavedConfig}. Every problem is
 * collected before a {@link ConfigException} reports them all; nothing is logged and no secret is printed.
 */
public final class ConfigLoader {
    /** Read from the working directory when PAVED_CONFIG is not set; its absence means "run on defaults". */
    public static final String DEFAULT_CONFIG_FILE = "paved.yaml";
    /** Names the config file; when set, the file must exist. */
    public static final String CONFIG_ENV = "PAVED_CONFIG";

    static final List<String> SECTIONS = List.of("server", "providers", "aliases", "pricing", "resilience", "cache", "knowledge", "limits",
            "budgets", "tenants", "guardrails", "rag", "auth");
    private static final String DOCS_HINT = "see docs/configuration.md";

    private ConfigLoader() {
    }

    /** Loads from the process's working directory; production passes {@code System.getenv()}. */
    public static PavedConfig load(Map<String, String> env) {
        return load(env, Path.of(""));
    }

    /**
     * Loads {@code PAVED_CONFIG} (default {@code paved.yaml}), resolved against {@code workingDir} when relative.
     *
     * @throws ConfigException listing every problem in the file and in the PAVED_* variables
     */
    public static PavedConfig load(Map<String, String> env, Path workingDir) {
        Objects.requireNonNull(env, "env");
        String configured = env.get(CONFIG_ENV);
        boolean explicit = configured != null && !configured.isBlank();
        String name = explicit ? configured.strip() : DEFAULT_CONFIG_FILE;
        Path file;
        try {
            file = workingDir.resolve(name);
        } catch (InvalidPathException e) {
            throw fileProblem(name, "'" + name + "' is not a valid path (" + e.getReason() + ")");
        }
        if (!Files.exists(file)) {
            if (!explicit) {
                return build(null, name, null, env);
            }
            throw fileProblem(name, "config file " + file.toAbsolutePath() + " does not exist; create it"
                    + " (paved.example.yaml is a commented starting point), or unset " + CONFIG_ENV
                    + " to run on defaults");
        }
        if (Files.isDirectory(file)) {
            throw fileProblem(name, file.toAbsolutePath() + " is a directory; point " + CONFIG_ENV
                    + " at a YAML file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw fileProblem(name, "the file is not valid UTF-8; save it as UTF-8");
        } catch (IOException e) {
            throw fileProblem(name, "cannot read " + file.toAbsolutePath() + ": " + e.getClass().getSimpleName());
        }
        return build(text, name, file, env);
    }

    /**
     * Validates YAML text as if it were a config file named {@code fileName}, with {@code env} as the
     * environment for {@code ${VAR}} substitution and PAVED_* overrides.
     *
     * @throws ConfigException listing every problem
     */
    public static PavedConfig parse(String yamlText, String fileName, Map<String, String> env) {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(env, "env");
        return build(yamlText, fileName, Path.of(fileName), env);
    }

    private static PavedConfig build(String text, String fileName, Path configFile, Map<String, String> env) {
        Problems problems = new Problems(fileName);
        ValueReader reader = new ValueReader(problems, new EnvSubstitution(env));
        YamlMapping root = text == null ? null : root(text, problems);

        YamlMapping server = section(root, "server", reader, "server settings (" + String.join(", ",
                ServerKey.YAML_KEYS) + ")");
        Map<ServerKey, Object> fromFile = ServerSettingsReader.fromFile(server, reader);
        Map<ServerKey, Object> fromEnv = ServerSettingsReader.fromEnvironment(env, problems);
        ProvidersSection.Result providers = ProvidersSection.read(entry(root, "providers"), reader);
        Map<String, AliasConfig> aliases = AliasesSection.read(entry(root, "aliases"), providers, reader);
        Map<String, Pricing> pricing = PricingSection.read(entry(root, "pricing"), providers.names(), reader);
        ResilienceConfig resilience = ResilienceSection.read(entry(root, "resilience"), reader);
        CacheConfig cache = CacheSection.read(entry(root, "cache"), aliases.keySet(), reader);
        KnowledgeConfig knowledge = KnowledgeSection.read(entry(root, "knowledge"), aliases, reader);
        GuardrailsConfig guardrails = GuardrailsSection.read(entry(root, "guardrails"), reader);
        PolicyConfig policy = PolicySection.read(entry(root, "limits"), entry(root, "budgets"), entry(root, "tenants"), aliases, reader);
        RagConfig rag = RagSection.read(entry(root, "rag"), aliases, reader);
        JwtSettings auth = AuthSection.read(entry(root, "auth"), aliases, reader);

        problems.throwIfAny();
        ServerSettings settings = ServerSettingsReader.merge(fromEnv, fromFile, configFile);
        return new PavedConfig(settings, new GatewayConfig(providers.valid(), aliases, pricing, resilience, cache), knowledge, policy,
                guardrails, rag, auth);
    }

    private static YamlMapping root(String text, Problems problems) {
        Node node = YamlDocument.compose(text, problems);
        if (node == null || ValueReader.isNull(node)) {
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, "", "the file must be a mapping with the sections " + String.join(", ", SECTIONS)
                    + "; got " + ValueReader.describe(node));
            return null;
        }
        YamlMapping root = YamlMapping.of(mapping, "", node, problems);
        root.rejectUnknown(SECTIONS);
        return root;
    }

    private static YamlMapping.Entry entry(YamlMapping root, String key) {
        return root == null ? null : root.get(key);
    }

    private static YamlMapping section(YamlMapping root, String key, ValueReader reader, String expected) {
        YamlMapping.Entry e = entry(root, key);
        return e == null ? null : reader.mapping(e.value(), key, e.keyNode(), expected);
    }

    private static ConfigException fileProblem(String name, String message) {
        return new ConfigException(List.of(new ConfigProblem(name, 0, 0, "", message)),
                "Set " + CONFIG_ENV + " to an existing paved.yaml, or " + DOCS_HINT);
    }
}
