package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys and passwords must not reach exception messages, problems or toString, whatever goes wrong. */
class SecretsNotLeakedTest {
    private static final String SECRET = "sk-live-9f8e7d6c5b4a3210";

    private static void assertNoSecret(ConfigException e, String secret) {
        assertThat(e.getMessage()).doesNotContain(secret);
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain(secret));
        assertThat(e.getCause()).isNull();
    }

    @Test
    void substitutedKeysNeverAppearInProblems() {
        ConfigException e = failure("""
                providers:
                  openai:
                    type: openai
                    base_url: not-a-url
                    api_key: "${OPENAI_API_KEY}"
                    api_ky: "${OPENAI_API_KEY}"
                    headers: {Authorization: "Bearer ${OPENAI_API_KEY}\\n"}
                aliases:
                  chat: {targets: [openai/gpt-4o], weight: 1}
                """, Map.of("OPENAI_API_KEY", SECRET));
        assertThat(e.problems()).hasSize(4);
        assertNoSecret(e, SECRET);
    }

    @Test
    void literalKeysInWrongPlacesAreNotEchoed() {
        ConfigException e = failure("providers:\n  openai: " + SECRET + "\n  other:\n    type: openai\n"
                + "    base_url: http://h/v1\n    api_key: [" + SECRET + "]\n"
                + "  third: {type: openai, base_url: http://h/v1, api_key: \"" + SECRET + "\\r\\nX-Evil: 1\"}\n");
        assertThat(e.problems()).hasSize(3);
        assertNoSecret(e, SECRET);
    }

    @Test
    void keyPastedInsideAReferenceIsNotEchoed() {
        ConfigException e = failure("providers:\n  o: {type: openai, base_url: http://h/v1, api_key: \"${" + SECRET + "}\"}\n");
        assertThat(e.problems()).hasSize(1);
        assertNoSecret(e, SECRET);
    }

    @Test
    void syntaxErrorOnALineWithAKeyDoesNotQuoteTheLine() {
        ConfigException e = failure("providers:\n  o:\n    api_key: \"" + SECRET + "\n    type: openai\n");
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("YAML syntax error"));
        assertNoSecret(e, SECRET);
        ConfigException e2 = failure("providers:\n  o: {api_key: " + SECRET + ": x}}\n");
        assertNoSecret(e2, SECRET);
    }

    @Test
    void credentialsInBaseUrlAreNotEchoed() {
        ConfigException e = failure("providers:\n  o: {type: openai, base_url: 'https://user:" + SECRET + "@h/v1'}\n");
        assertThat(e.getMessage()).contains("must not contain credentials");
        assertNoSecret(e, SECRET);
        ConfigException e2 = failure("providers:\n  o: {type: openai, base_url: 'ftp://user:" + SECRET + "@h/v1'}\n");
        assertNoSecret(e2, SECRET);
    }

    @Test
    void adminKeyAndConnectionPasswordsAreNotEchoed() {
        ConfigException e = failure("server:\n  admin_key: \"short key\"\n", Map.of(
                "PAVED_ADMIN_KEY", "hunter2",
                "PAVED_DATABASE_URL", "mysql://root:" + SECRET + "@db/paved",
                "PAVED_REDIS_URL", "memcached://:" + SECRET + "@cache"));
        assertThat(e.problems()).hasSize(4);
        assertNoSecret(e, "hunter2");
        assertNoSecret(e, "short key");
        assertNoSecret(e, SECRET);
    }

    @Test
    void loadedConfigPrintsNoSecrets() {
        PavedConfig c = parse("""
                server:
                  admin_key: admin-0123456789abcdef
                  database_url: postgresql://paved:dbpass-123@db/paved
                  redis_url: redis://:redispass-123@cache:6379
                providers:
                  openai: {type: openai, base_url: https://api.openai.com/v1, api_key: "${K}"}
                """, Map.of("K", SECRET));
        String text = c.toString();
        assertThat(text).doesNotContain(SECRET).doesNotContain("admin-0123456789abcdef")
                .doesNotContain("dbpass-123").doesNotContain("redispass-123")
                .contains("apiKey=***", "adminKey=***");
        assertThat(c.gateway().providers().get("openai").apiKey()).isEqualTo(SECRET);
    }
}
