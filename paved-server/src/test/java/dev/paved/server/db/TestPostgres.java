package dev.paved.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One embedded PostgreSQL per test JVM, started on first use in a temporary directory and stopped (and the
 * directory removed) when the JVM exits. Each test class takes a fresh database in it, so classes never see
 * each other's rows. The extracted binaries are cached across runs in {@code ~/.cache/paved/runtime}
 * (override with {@code -Dpaved.test.runtime=<dir>}).
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            Path dir = tempDir("paved-test-pg-");
            EmbeddedPostgres pg = EmbeddedPostgres.start(config(dir));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pg.close();
                deleteQuietly(dir);
            }, "paved-test-postgres-cleanup"));
            shared = pg;
        }
        return shared;
    }

    /** The Flyway migrations the server ships: how many, and the newest version, read from the classpath. */
    public static int migrationCount() {
        return migrationVersions().size();
    }

    public static String latestMigration() {
        return migrationVersions().stream().max(Comparator.comparing(v -> new java.math.BigDecimal(v))).orElseThrow();
    }

    private static java.util.List<String> migrationVersions() {
        try {
            Path dir = Path.of(TestPostgres.class.getClassLoader().getResource("db/migration").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(f -> f.getFileName().toString())
                        .filter(n -> n.matches("V[0-9_]+__.*\\.sql"))
                        .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.'))
                        .toList();
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A newly created, migrated database in the shared server with a pool of 4. */
    public static Database newDatabase() {
        return Database.embedded(shared(), newDatabaseName(), 4);
    }

    public static String newDatabaseName() {
        return "t" + DATABASES.incrementAndGet() + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    /** Test settings for a server of its own in {@code dataDir}: cached runtime, no fsync. */
    public static EmbeddedPostgresConfig config(Path dataDir) {
        return EmbeddedPostgresConfig.of(dataDir).withRuntimeDir(runtimeCache()).withDurable(false);
    }

    public static Path runtimeCache() {
        String configured = System.getProperty("paved.test.runtime");
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("paved").resolve("runtime");
    }

    /** The newest Debian/Ubuntu PostgreSQL bin directory ({@code /usr/lib/postgresql/<version>/bin}), if any. */
    public static Optional<Path> systemBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(TestPostgres::majorOf));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix.toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteQuietly(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            // Best effort: a temporary directory.
        }
    }

    private static int majorOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
