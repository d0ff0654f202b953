package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSettingsLoadingTest {
    private static final String ALL_SERVER_KEYS = """
            server:
              port: 9001
              host: 127.0.0.1
              data_dir: /var/lib/paved
              admin_key: file-admin-key-0123456789
              database_url: postgresql://paved:filepw@db:5432/paved
              redis_url: redis://cache:6379
              redis_leases: false
              max_body_bytes: 2MiB
              otlp_endpoint: http://otel:4317
            """;

    private static final Map<String, String> ALL_ENV = Map.of(
            "PAVED_PORT", "9002",
            "PAVED_HOST", "::1",
            "PAVED_DATA_DIR", "/srv/paved",
            "PAVED_ADMIN_KEY", "env-admin-key-0123456789",
            "PAVED_DATABASE_URL", "jdbc:postgresql://envdb:5432/paved",
            "PAVED_REDIS_URL", "rediss://envcache:6380",
            "PAVED_REDIS_LEASES", "true",
            "PAVED_MAX_BODY_BYTES", "1048576",
            "PAVED_OTLP_ENDPOINT", "https://collector.example.com:4318");

    @TempDir
    Path dir;

    @Test
    void noFileAndNoEnvironmentRunsOnDefaults() {
        PavedConfig c = ConfigLoader.load(Map.of(), dir);
        ServerSettings s = c.server();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(s.configFile()).isNull();
        assertThat(s.adminKey()).isNull();
        assertThat(s.databaseUrl()).isNull();
        assertThat(s.redisUrl()).isNull();
        assertThat(s.redisLeases()).isTrue();
        assertThat(s.maxBodyBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(s.otlpEndpoint()).isNull();
        assertThat(s).isEqualTo(ServerSettings.defaults());
        assertThat(c.gateway().providers()).containsOnlyKeys("local", "extractive");
        assertThat(c.gateway().aliases()).containsOnlyKeys("bge-small-en-v1.5", "extractive");
        assertThat(c.gateway().pricing()).isEmpty();
    }

    @Test
    void noFileStillAppliesEnvironment() {
        PavedConfig c = ConfigLoader.load(Map.of("PAVED_PORT", "9090"), dir);
        assertThat(c.server().port()).isEqualTo(9090);
        assertThat(c.server().configFile()).isNull();
    }

    @Test
    void readsPavedYamlFromTheWorkingDirectory() throws IOException {
        Files.writeString(dir.resolve("paved.yaml"), "server:\n  port: 9000\n");
        PavedConfig c = ConfigLoader.load(Map.of(), dir);
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().configFile()).isEqualTo(dir.resolve("paved.yaml"));
    }

    @Test
    void pavedConfigNamesTheFileRelativeToTheWorkingDirectoryOrAbsolute() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/prod.yaml"), "server: {port: 7000}\n");
        assertThat(ConfigLoader.load(Map.of("PAVED_CONFIG", "conf/prod.yaml"), dir).server().port()).isEqualTo(7000);
        String absolute = dir.resolve("conf/prod.yaml").toAbsolutePath().toString();
        assertThat(ConfigLoader.load(Map.of("PAVED_CONFIG", absolute), Path.of("/")).server().port()).isEqualTo(7000);
    }

    @Test
    void explicitlyConfiguredFileThatIsMissingIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("PAVED_CONFIG", "prod.yaml"), dir));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("prod.yaml");
            assertThat(p.message()).contains(dir.resolve("prod.yaml").toAbsolutePath().toString())
                    .contains("does not exist").contains("unset PAVED_CONFIG");
        });
        assertThat(e.getMessage()).endsWith("\nSet PAVED_CONFIG to an existing paved.yaml, or see docs/configuration.md");
    }

    @Test
    void blankPavedConfigCountsAsUnset() {
        assertThat(ConfigLoader.load(Map.of("PAVED_CONFIG", " "), dir).server()).isEqualTo(ServerSettings.defaults());
    }

    @Test
    void configPathThatIsADirectoryIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("paved.yaml"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertThat(e.getMessage()).contains("is a directory");
    }

    @Test
    void fileThatIsNotUtf8IsAnError() throws IOException {
        Files.write(dir.resolve("paved.yaml"), new byte[] {'s', ':', ' ', (byte) 0xC3, (byte) 0x28});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertThat(e.getMessage()).contains("not valid UTF-8");
    }

    @Test
    void fileBeatsDefaultsForEveryKey() {
        ServerSettings s = parse(ALL_SERVER_KEYS).server();
        assertThat(s.port()).isEqualTo(9001);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/paved"));
        assertThat(s.adminKey()).isEqualTo("file-admin-key-0123456789");
        assertThat(s.databaseUrl()).isEqualTo("postgresql://paved:filepw@db:5432/paved");
        assertThat(s.redisUrl()).isEqualTo("redis://cache:6379");
        assertThat(s.redisLeases()).isFalse();
        assertThat(s.maxBodyBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(s.otlpEndpoint()).isEqualTo("http://otel:4317");
        assertThat(s.configFile()).isEqualTo(Path.of("paved.yaml"));
    }

    @Test
    void environmentBeatsFileForEveryKey() {
        ServerSettings s = parse(ALL_SERVER_KEYS, ALL_ENV).server();
        assertThat(s.port()).isEqualTo(9002);
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.dataDir()).isEqualTo(Path.of("/srv/paved"));
        assertThat(s.adminKey()).isEqualTo("env-admin-key-0123456789");
        assertThat(s.databaseUrl()).isEqualTo("jdbc:postgresql://envdb:5432/paved");
        assertThat(s.redisUrl()).isEqualTo("rediss://envcache:6380");
        assertThat(s.redisLeases()).isTrue();
        assertThat(s.maxBodyBytes()).isEqualTo(1_048_576L);
        assertThat(s.otlpEndpoint()).isEqualTo("https://collector.example.com:4318");
    }

    @Test
    void environmentBeatsDefaultsWithoutAServerSection() {
        ServerSettings s = parse("providers: {}\n", ALL_ENV).server();
        assertThat(s.port()).isEqualTo(9002);
        assertThat(s.adminKey()).isEqualTo("env-admin-key-0123456789");
    }

    @Test
    void eachKeyFallsBackIndependently() {
        ServerSettings s = parse("server:\n  host: 10.0.0.1\n", Map.of("PAVED_PORT", "9500")).server();
        assertThat(s.port()).isEqualTo(9500);
        assertThat(s.host()).isEqualTo("10.0.0.1");
        assertThat(s.dataDir()).isEqualTo(ServerSettings.DEFAULT_DATA_DIR);
    }

    @Test
    void blankValuesCountAsUnset() {
        Map<String, String> env = new HashMap<>();
        env.put("PAVED_PORT", "");
        env.put("PAVED_ADMIN_KEY", "  ");
        ServerSettings s = parse("server:\n  port: 9001\n  admin_key: \"${NO_SUCH_KEY:-}\"\n  host:\n", env).server();
        assertThat(s.port()).isEqualTo(9001);
        assertThat(s.adminKey()).isNull();
        assertThat(s.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void serverValuesAreSubstituted() {
        ServerSettings s = parse("server:\n  port: ${PORT:-8181}\n  database_url: postgresql://app:${DB_PW}@db/paved\n",
                Map.of("DB_PW", "pw")).server();
        assertThat(s.port()).isEqualTo(8181);
        assertThat(s.databaseUrl()).isEqualTo("postgresql://app:pw@db/paved");
    }

    @Test
    void invalidEnvironmentValuesAreAllReported() {
        ConfigException e = failure("", Map.of(
                "PAVED_PORT", "eighty",
                "PAVED_MAX_BODY_BYTES", "lots",
                "PAVED_DATABASE_URL", "mysql://db/paved",
                "PAVED_REDIS_URL", "cache:6379",
                "PAVED_OTLP_ENDPOINT", "otel"));
        assertThat(problemLines(e)).containsExactly(
                "environment PAVED_PORT: 'eighty' is not a port number; write a whole number",
                "environment PAVED_DATABASE_URL: 'mysql://db/paved' is not a PostgreSQL URL; write"
                        + " postgresql://user:password@host:5432/database or jdbc:postgresql://host:5432/database",
                "environment PAVED_REDIS_URL: 'cache:6379' is not a Redis URL; write redis://host:6379 or"
                        + " rediss://user:password@host:6380",
                "environment PAVED_MAX_BODY_BYTES: 'lots' is not a size; write bytes (8388608) or a number with a"
                        + " unit: B, KB, KiB, MB, MiB, GB, GiB (8MiB)",
                "environment PAVED_OTLP_ENDPOINT: 'otel' must be an http:// or https:// URL, such as"
                        + " http://otel-collector:4317");
        assertThat(e.getMessage()).endsWith("\nFix the environment variables above, or see docs/configuration.md");
        assertThat(e.problems()).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo(ConfigProblem.ENVIRONMENT);
            assertThat(p.line()).isZero();
        });
    }

    @Test
    void portOutOfRangeInFileIsReportedAtItsLine() {
        ConfigException e = failure("server:\n  host: 0.0.0.0\n  port: 70000\n");
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:3:9 server.port: port 70000 is out of range; use 1-65535 (0 picks a free port)");
    }

    @Test
    void wrongKindsInTheServerSection() {
        ConfigException e = failure("server:\n  port: [8080]\n  data_dir: {path: x}\n");
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:9 server.port: expected a single value, got a list",
                "paved.yaml:3:13 server.data_dir: expected a single value, got a mapping");
        assertThat(problemLines(failure("server: 8080\n"))).containsExactly(
                "paved.yaml:1:9 server: expected a mapping of server settings (port, host, data_dir, admin_key,"
                        + " database_url, redis_url, redis_leases, max_body_bytes, otlp_endpoint), got a number");
    }

    @Test
    void fileAndEnvironmentProblemsAreReportedTogetherFileFirst() {
        ConfigException e = failure("server:\n  prot: 1\n", Map.of("PAVED_PORT", "x"));
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:2:3 server.prot: unknown key 'prot'; valid keys: port, host, data_dir, admin_key,"
                        + " database_url, redis_url, redis_leases, max_body_bytes, otlp_endpoint (did you mean 'port'?)",
                "environment PAVED_PORT: 'x' is not a port number; write a whole number");
        assertThat(e.getMessage()).endsWith("\nFix the lines above in paved.yaml, or see docs/configuration.md");
    }

    @Test
    void settingsRecordRejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new ServerSettings(-1, "h", Path.of("d"), null, null, null, null, true, 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerSettings(80, "h", Path.of("d"), null, null, null, null, true, 0, null));
        assertThrows(NullPointerException.class,
                () -> new ServerSettings(80, null, Path.of("d"), null, null, null, null, true, 1, null));
    }

    @Test
    void toStringHidesAdminKeyAndUrlPasswords() {
        ServerSettings s = parse(ALL_SERVER_KEYS, Map.of(
                "PAVED_REDIS_URL", "redis://:redispw@cache:6379",
                "PAVED_OTLP_ENDPOINT", "https://otel:4318?token=oteltoken")).server();
        String text = s.toString();
        assertThat(text).doesNotContain("file-admin-key").doesNotContain("filepw").doesNotContain("redispw")
                .doesNotContain("oteltoken")
                .contains("adminKey=***", "postgresql://paved:***@db:5432/paved", "redis://:***@cache:6379",
                        "port=9001");
        assertThat(ServerSettings.defaults().toString()).contains("adminKey=bootstrap", "databaseUrl=embedded",
                "redisUrl=in-process", "otlpEndpoint=off", "configFile=none");
    }
}
