package dev.paved.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @Test
    void sharedServerRunsBundledPostgresOnLoopbackWithPasswordAuth() throws Exception {
        EmbeddedPostgres pg = TestPostgres.shared();
        assertThat(pg.majorVersion()).isEqualTo(17);
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            assertThat(one(st, "select version()")).startsWith("PostgreSQL 17.6");
            assertThat(one(st, "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(one(st, "show server_encoding")).isEqualTo("UTF8");
        }
        Properties wrong = new Properties();
        wrong.setProperty("user", EmbeddedPostgres.SUPERUSER);
        wrong.setProperty("password", "not-the-password");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), wrong).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        Path secret = pg.config().dataDir().resolve("secrets/postgres-superuser");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(pg.clusterDir().resolve("pg_hba.conf")))
                .doesNotContain("trust").contains("127.0.0.1/32   scram-sha-256");
    }

    @Test
    void restartKeepsDataAndPort(@TempDir Path dir) throws Exception {
        int port;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(TestPostgres.config(dir))) {
            port = pg.port();
            exec(pg, "create table survivors (name text)", "insert into survivors values ('alpha')");
            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            exec(pg, "insert into survivors values ('beta')");
        }
        try (EmbeddedPostgres again = EmbeddedPostgres.start(TestPostgres.config(dir))) {
            try (Connection c = again.connect("postgres"); Statement st = c.createStatement()) {
                assertThat(one(st, "select string_agg(name, ',' order by name) from survivors")).isEqualTo("alpha,beta");
            }
        }
    }

    @Test
    void startsAfterACrashLeftAStalePidFile(@TempDir Path dir) throws Exception {
        // Durable, as in production: a committed row must survive the postmaster being killed.
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(TestPostgres.config(dir).withDurable(true))) {
            exec(pg, "create table t (v int)", "insert into t values (42)");
            ProcessHandle postmaster = ProcessHandle.of(pg.pid()).orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
            assertThat(pg.clusterDir().resolve("postmaster.pid")).exists();
            pg.stop();
            pg.start();
            try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
                assertThat(one(st, "select v from t")).isEqualTo("42");
            }
        }
    }

    @Test
    void removesPidFileNamingAnUnrelatedLiveProcessWithoutTouchingIt(@TempDir Path dir) throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(TestPostgres.config(dir))) {
            pg.stop();
            Path pidFile = pg.clusterDir().resolve("postmaster.pid");
            Files.writeString(pidFile, unrelated.pid() + "\n" + pg.clusterDir() + "\n1700000000\n" + pg.port() + "\n");
            pg.start();
            assertThat(pg.isRunning()).isTrue();
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void shutsDownAServerOrphanedByACrashedPavedAndStartsItsOwn(@TempDir Path dir) throws Exception {
        EmbeddedPostgresConfig config = TestPostgres.config(dir);
        int port;
        Path bin;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(config)) {
            port = pg.port();
            bin = pg.binDir();
            exec(pg, "create table t (v int)", "insert into t values (7)");
        }
        // What a Paved process that died without a shutdown leaves running: a postmaster nobody owns.
        Process orphan = new ProcessBuilder(UserNamespace.wrap(List.of(bin.resolve("postgres").toString(),
                "-D", config.clusterDir().toString(), "-p", Integer.toString(port), "-h", EmbeddedPostgres.HOST, "-k", "")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("orphan.log").toFile()).start();
        try {
            awaitFile(config.clusterDir().resolve("postmaster.pid"));
            try (EmbeddedPostgres pg = EmbeddedPostgres.start(config)) {
                assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("orphan stopped").isTrue();
                assertThat(pg.pid()).isNotEqualTo(orphan.pid());
                try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
                    assertThat(one(st, "select v from t")).isEqualTo("7");
                }
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void refusesADataDirectoryAnotherInstanceHolds(@TempDir Path dir) {
        try (EmbeddedPostgres first = EmbeddedPostgres.start(TestPostgres.config(dir))) {
            assertThat(first.isRunning()).isTrue();
            assertThatThrownBy(() -> EmbeddedPostgres.start(TestPostgres.config(dir)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another Paved process");
            assertThat(first.isRunning()).isTrue();
        }
    }

    @Test
    void startupFailuresQuoteTheServerLog(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> EmbeddedPostgres.start(TestPostgres.config(dir).withSetting("shared_buffers", "lots")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL exited with code")
                .hasMessageContaining("invalid value for parameter \"shared_buffers\"");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedPostgres.HOST))) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(TestPostgres.config(dir).withPort(taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not bind");
        }
    }

    private static void exec(EmbeddedPostgres pg, String... sql) throws SQLException {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " did not appear");
            }
            Thread.sleep(20);
        }
    }
}
