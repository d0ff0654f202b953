package dev.paved.server.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the PostgreSQL cluster of an {@link EmbeddedPostgres} on first start and checks on every start that
 * it matches the binaries. {@code initdb} runs into a temporary directory that is renamed into place, so an
 * interrupted initialisation never leaves a half-made cluster behind.
 */
final class ClusterInit {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterInit.class);
    private static final String PG_HBA = """
            # Written by Paved. The server listens on 127.0.0.1 and a Unix socket in this directory only;
            # every connection authenticates with a password (SCRAM-SHA-256).
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            """;

    private final EmbeddedPostgresConfig config;
    private final Path binDir;
    private final int majorVersion;

    ClusterInit(EmbeddedPostgresConfig config, Path binDir, int majorVersion) {
        this.config = config;
        this.binDir = binDir;
        this.majorVersion = majorVersion;
    }

    /** Initialises the cluster unless it exists, with the superuser password read from {@code passwordFile}. */
    void ensure(Path passwordFile) throws IOException {
        Path cluster = config.clusterDir();
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            init(cluster, passwordFile);
        }
        String clusterVersion = Files.readString(cluster.resolve("PG_VERSION")).strip();
        if (!clusterVersion.equals(Integer.toString(majorVersion))) {
            throw new IllegalStateException("the cluster in " + cluster + " was created by PostgreSQL "
                    + clusterVersion + " but the binaries in " + binDir + " are PostgreSQL " + majorVersion
                    + "; upgrade it with pg_upgrade or point Paved at matching binaries");
        }
    }

    private void init(Path cluster, Path passwordFile) throws IOException {
        if (Files.exists(cluster)) {
            try (var entries = Files.list(cluster)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(cluster + " exists but is not a PostgreSQL cluster (no PG_VERSION); "
                            + "move it away or choose another data directory");
                }
            }
            Files.delete(cluster);
        }
        long started = System.nanoTime();
        Path temp = config.dataDir().resolve(".postgres-initdb");
        FileTrees.deleteRecursively(temp);
        SecretFile.readOrCreate(passwordFile);
        List<String> cmd = new ArrayList<>(List.of(binDir.resolve("initdb").toString(),
                "--pgdata=" + temp, "--username=" + EmbeddedPostgres.SUPERUSER, "--pwfile=" + passwordFile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale"));
        if (!config.durable()) {
            cmd.add("--no-sync");
        }
        ProcessResult result = ProcessResult.run(UserNamespace.wrap(cmd));
        if (result.exitCode() != 0) {
            FileTrees.deleteRecursively(temp);
            throw new IllegalStateException("initdb failed with exit code " + result.exitCode() + ":\n"
                    + ProcessResult.tail(result.output(), 40) + UserNamespace.hint(result.output()));
        }
        Files.writeString(temp.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
        Files.move(temp, cluster, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Initialised PostgreSQL {} cluster in {} in {} ms", majorVersion, cluster,
                (System.nanoTime() - started) / 1_000_000);
    }
}
