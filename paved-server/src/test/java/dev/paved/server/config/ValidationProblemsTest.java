package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationProblemsTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = ValidationProblemsTest.class.getResourceAsStream("/config/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final String SECTIONS = String.join(", ", ConfigLoader.SECTIONS);

    @Test
    void everyProblemInAFileIsReportedTogetherInLineOrder() throws IOException {
        ConfigException e = failure(resource("many-problems.yaml"), Map.of("PAVED_ADMIN_KEY", "short"));
        assertThat(e.getMessage()).isEqualTo("""
                paved.yaml:3:9 server.port: port 99999 is out of range; use 1-65535 (0 picks a free port)
                paved.yaml:4:3 server.hots: unknown key 'hots'; valid keys: port, host, data_dir, admin_key, \
                database_url, redis_url, redis_leases, max_body_bytes, otlp_endpoint (did you mean 'host'?)
                paved.yaml:9:14 providers.openai.api_key: environment variable OPENAI_API_KEY is not set; set it \
                before starting Paved, or write ${OPENAI_API_KEY:-default} to give a default
                paved.yaml:11:11 providers.anthropic.type: unknown provider type 'antropic'; valid types: anthropic, \
                azure-openai, extractive, local, openai (did you mean 'anthropic'?)
                paved.yaml:17:20 aliases.support-quality.targets[1].provider: unknown provider 'openia'; known \
                providers: anthropic, extractive, local, openai (did you mean 'openai'?)
                paved.yaml:18:3 aliases.support-fast: alias has no targets; add at least one, as in \
                'targets: [openai/gpt-4o]'
                paved.yaml:20:24 pricing.gpt-4o-mini.input: 'free' is not a number; write US dollars per 1M tokens, \
                such as 0.15
                paved.yaml:21:3 pricing.gpt-4o-mini: duplicate key 'gpt-4o-mini'; it is already defined at line 20; \
                remove one of them
                paved.yaml:22:1 provider: unknown key 'provider'; valid keys: %s \
                (did you mean 'providers'?)
                environment PAVED_ADMIN_KEY: the admin key is too short (5 characters); use at least 16 random \
                characters, such as the output of: openssl rand -hex 32
                Fix the lines above in paved.yaml, or see docs/configuration.md""".formatted(SECTIONS));
        assertThat(e.problems()).hasSize(10);
        assertThat(e.problems().get(4)).isEqualTo(new ConfigProblem("paved.yaml", 17, 20,
                "aliases.support-quality.targets[1].provider",
                "unknown provider 'openia'; known providers: anthropic, extractive, local, openai (did you mean 'openai'?)"));
    }

    @Test
    void problemsUseTheFileNameTheOperatorGave() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("servr: {}\n", "/etc/paved/prod.yaml", Map.of()));
        assertThat(e.getMessage()).isEqualTo("/etc/paved/prod.yaml:1:1 servr: unknown key 'servr'; valid keys: " + SECTIONS
                + " (did you mean 'server'?)\n"
                + "Fix the lines above in /etc/paved/prod.yaml, or see docs/configuration.md");
    }

    @Test
    void emptyAndCommentOnlyFilesRunOnDefaults() {
        ServerSettings d = ServerSettings.defaults();
        assertThat(parse("").server()).isEqualTo(new ServerSettings(d.port(), d.host(), d.dataDir(),
                Path.of("paved.yaml"), null, null, null, true, d.maxBodyBytes(), null));
        assertThat(parse("# nothing yet\n").gateway().aliases()).containsOnlyKeys("bge-small-en-v1.5", "extractive");
        assertThat(parse("server:\nproviders:\naliases:\npricing:\n").gateway().providers()).containsOnlyKeys("local", "extractive");
    }

    @Test
    void rootMustBeAMapping() {
        assertThat(problemLines(failure("- server\n- providers\n"))).containsExactly("paved.yaml:1:1: the file must be a"
                + " mapping with the sections " + SECTIONS + "; got a list");
        assertThat(problemLines(failure("just text\n"))).containsExactly("paved.yaml:1:1: the file must be a mapping"
                + " with the sections " + SECTIONS + "; got a string");
    }

    @Test
    void duplicateKeysAtEveryLevel() {
        ConfigException e = failure("""
                server:
                  port: 8080
                  port: 8081
                providers:
                  o: {type: openai, base_url: http://h/v1}
                  o: {type: openai, base_url: http://h2/v1}
                server: {}
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:3:3 server.port: duplicate key 'port'; it is already defined at line 2; remove one of them",
                "paved.yaml:6:3 providers.o: duplicate key 'o'; it is already defined at line 5; remove one of them",
                "paved.yaml:7:1 server: duplicate key 'server'; it is already defined at line 1; remove one of them");
    }

    @Test
    void nonScalarAndEmptyKeys() {
        ConfigException e = failure("providers:\n  ? [a, b]\n  : {type: openai}\n  \"\": {type: openai}\n");
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:5 providers: keys must be plain names, not a list or mapping",
                "paved.yaml:4:3 providers: empty key; write a name before the ':'");
    }

    @Test
    void missingVariablesAreReportedAtTheirLines() {
        ConfigException e = failure("""
                providers:
                  openai:
                    type: openai
                    base_url: ${OPENAI_BASE_URL}
                    api_key: ${OPENAI_API_KEY}
                    headers: {X-Org: "org-${ORG_ID}"}
                """, Map.of("OPENAI_API_KEY", "sk-1"));
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:4:15 providers.openai.base_url: environment variable OPENAI_BASE_URL is not set; set it"
                        + " before starting Paved, or write ${OPENAI_BASE_URL:-default} to give a default",
                "paved.yaml:6:22 providers.openai.headers.X-Org: environment variable ORG_ID is not set; set it"
                        + " before starting Paved, or write ${ORG_ID:-default} to give a default");
    }

    @Test
    void aProblemReachedThroughAnAnchorTwiceIsReportedOnce() {
        ConfigException e = failure("""
                providers:
                  a: {type: openai, base_url: http://h/v1, api_key: &key "${SHARED_KEY}"}
                  b: {type: openai, base_url: http://h/v1, api_key: *key}
                """);
        assertThat(problemLines(e)).singleElement().asString().startsWith("paved.yaml:2:53 providers.a.api_key:");
    }

    @Test
    void mergingAMappingIntoItselfIsReported() {
        ConfigException e = failure("providers:\n  a: &x {type: openai, base_url: http://h/v1, <<: *x}\n");
        assertThat(e.getMessage()).contains("'<<' merges a mapping into itself");
        assertThat(failure("providers:\n  a: {<<: 5, type: openai}\n").getMessage())
                .contains("paved.yaml:2:11 providers.a: '<<' must refer to a mapping, as in '<<: *defaults'");
    }

    @Test
    void syntaxErrorReportsTheParsersLineAndColumn() {
        ConfigException e = failure("""
                providers:
                  openai:
                    type: openai
                   base_url: https://api.openai.com/v1
                """);
        assertThat(problemLines(e)).containsExactly("paved.yaml:4:4: YAML syntax error: expected <block end>, but found"
                + " '<block mapping start>' (while parsing a block mapping at line 2)");
    }

    @Test
    void tabIndentationGetsAHint() {
        ConfigException e = failure("server:\n\tport: 8080\n");
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:1: YAML syntax error: a tab character cannot indent YAML; use spaces");
    }

    @Test
    void moreThanOneDocumentIsASyntaxError() {
        ConfigException e = failure("server: {}\n---\nproviders: {}\n");
        assertThat(problemLines(e)).containsExactly("paved.yaml:2:1: YAML syntax error: expected a single document in"
                + " the stream at line 1, but found another document; a config file holds one document, remove the"
                + " extra '---'");
    }

    @Test
    void syntaxErrorStillReportsEnvironmentProblems() {
        ConfigException e = failure("server: [\n", Map.of("PAVED_PORT", "x"));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(1).file()).isEqualTo("environment");
    }
}
