package dev.paved.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** One setting of the {@code server:} section, with its PAVED_* variable and how its text is read. */
enum ServerKey {
    PORT("port", "PAVED_PORT", ValueParsers::port),
    HOST("host", "PAVED_HOST", ValueParsers::host),
    DATA_DIR("data_dir", "PAVED_DATA_DIR", ServerKey::path),
    ADMIN_KEY("admin_key", "PAVED_ADMIN_KEY", ValueParsers::adminKey),
    DATABASE_URL("database_url", "PAVED_DATABASE_URL", ValueParsers::databaseUrl),
    REDIS_URL("redis_url", "PAVED_REDIS_URL", ValueParsers::redisUrl),
    REDIS_LEASES("redis_leases", "PAVED_REDIS_LEASES", ValueParsers::bool),
    MAX_BODY_BYTES("max_body_bytes", "PAVED_MAX_BODY_BYTES", ValueParsers::byteSize),
    OTLP_ENDPOINT("otlp_endpoint", "PAVED_OTLP_ENDPOINT", ValueParsers::otlpEndpoint);

    static final List<String> YAML_KEYS = Arrays.stream(values()).map(k -> k.yamlKey).toList();

    final String yamlKey;
    final String envVar;
    private final Function<String, Object> parser;

    ServerKey(String yamlKey, String envVar, Function<String, Object> parser) {
        this.yamlKey = yamlKey;
        this.envVar = envVar;
        this.parser = parser;
    }

    /** The typed value, or {@link IllegalArgumentException} saying what to write instead. */
    Object parse(String text) {
        return parser.apply(text);
    }

    private static Path path(String text) {
        String s = ValueParsers.nonBlank(text, "the data directory");
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid path (" + e.getReason() + ")");
        }
    }
}
