package dev.paved.server.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run an {@link EmbeddedPostgres}.
 *
 * @param dataDir      Paved's data directory; the cluster lives in {@code dataDir/postgres}
 * @param binDir       directory holding {@code initdb} and {@code postgres}, or null for the bundled binaries
 * @param runtimeDir   where the bundled binaries are extracted (a versioned subdirectory is created)
 * @param port         TCP port on 127.0.0.1; 0 picks a free port at the first start and keeps it for restarts
 * @param durable      fsync on (production). False skips syncing in initdb and runs with fsync off: tests only
 * @param startTimeout how long to wait for the server to accept connections
 * @param settings     extra server settings passed as {@code -c name=value}
 */
public record EmbeddedPostgresConfig(Path dataDir, Path binDir, Path runtimeDir, int port, boolean durable,
                                     Duration startTimeout, Map<String, String> settings) {
    public EmbeddedPostgresConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        binDir = binDir == null ? null : binDir.toAbsolutePath().normalize();
        runtimeDir = runtimeDir == null ? dataDir.resolve("runtime") : runtimeDir.toAbsolutePath().normalize();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        startTimeout = startTimeout == null ? Duration.ofSeconds(60) : startTimeout;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Bundled binaries extracted under {@code dataDir/runtime}, a free port, durable, 60 s start timeout. */
    public static EmbeddedPostgresConfig of(Path dataDir) {
        return new EmbeddedPostgresConfig(dataDir, null, null, 0, true, null, null);
    }

    public EmbeddedPostgresConfig withBinDir(Path dir) {
        return new EmbeddedPostgresConfig(dataDir, dir, runtimeDir, port, durable, startTimeout, settings);
    }

    public EmbeddedPostgresConfig withRuntimeDir(Path dir) {
        return new EmbeddedPostgresConfig(dataDir, binDir, dir, port, durable, startTimeout, settings);
    }

    public EmbeddedPostgresConfig withPort(int p) {
        return new EmbeddedPostgresConfig(dataDir, binDir, runtimeDir, p, durable, startTimeout, settings);
    }

    public EmbeddedPostgresConfig withDurable(boolean d) {
        return new EmbeddedPostgresConfig(dataDir, binDir, runtimeDir, port, d, startTimeout, settings);
    }

    public EmbeddedPostgresConfig withStartTimeout(Duration t) {
        return new EmbeddedPostgresConfig(dataDir, binDir, runtimeDir, port, durable, t, settings);
    }

    public EmbeddedPostgresConfig withSetting(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(name, value);
        return new EmbeddedPostgresConfig(dataDir, binDir, runtimeDir, port, durable, startTimeout, copy);
    }

    /** The PostgreSQL cluster directory. */
    public Path clusterDir() {
        return dataDir.resolve("postgres");
    }
}
