package dev.paved.server.db;

import static dev.paved.server.db.DatabaseTest.count;
import static dev.paved.server.db.DatabaseTest.insertLedger;
import static dev.paved.server.db.DatabaseTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PAVED_DATABASE_URL mode against a PostgreSQL that Paved does not manage: the distribution's own binaries
 * (a different major version from the bundled one), run on a port of their own and reached only through
 * the URL.
 */
class ExternalPostgresTest {
    private static Path dir;
    private static EmbeddedPostgres server;

    @BeforeAll
    static void startExternalServer() {
        Optional<Path> bin = TestPostgres.systemBinDir();
        assumeTrue(bin.isPresent(), "No PostgreSQL binaries under /usr/lib/postgresql/*/bin "
                + "(install the distribution's postgresql package); skipping the PAVED_DATABASE_URL test");
        dir = TestPostgres.tempDir("paved-external-pg-");
        server = EmbeddedPostgres.start(TestPostgres.config(dir).withBinDir(bin.get()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            TestPostgres.deleteQuietly(dir);
        }
    }

    @Test
    void superuserUrlMigratesAndSwitchesToTheApplicationRole() throws SQLException {
        server.createDatabaseIfMissing("ext_superuser");
        String url = "postgresql://" + EmbeddedPostgres.SUPERUSER + ":" + enc(server.superuserPassword())
                + "@127.0.0.1:" + server.port() + "/ext_superuser";
        try (Database db = Database.external(url)) {
            assertThat(db.appAccess()).isEqualTo(Database.AppAccess.SET_ROLE);
            assertThat(db.migrationsApplied()).isEqualTo(Migrations.count());
            assertThat(db.<List<String>>inSystemScope(c -> strings(c, "select current_user"))).containsExactly("paved_app");
            assertThat(db.<List<String>>inSystemScope(c -> strings(c, "select split_part(version(), ' ', 2)")).getFirst())
                    .doesNotStartWith("17.");
            assertTenantIsolation(db);
        }
        try (Database again = Database.external(url)) {
            assertThat(again.migrationsApplied()).isZero();
        }
    }

    @Test
    void ownerWithoutCreateRoleConnectsDirectlyAndIsStillIsolated() throws SQLException {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("create role ext_owner login password 'owner-pw'");
            st.execute("create database ext_owned owner ext_owner");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/ext_owned?user=ext_owner&password=owner-pw";
        try (Database db = Database.external(url)) {
            assertThat(db.appAccess()).isEqualTo(Database.AppAccess.URL_USER);
            assertThat(db.<List<String>>inSystemScope(c -> strings(c, "select current_user"))).containsExactly("ext_owner");
            assertTenantIsolation(db);
        }
    }

    private static void assertTenantIsolation(Database db) throws SQLException {
        db.inSystemScope(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("insert into tenants (id, name) values ('tn_x', 'x'), ('tn_y', 'y')");
            }
            insertLedger(c, "tn_x", "req_x", 5);
            insertLedger(c, "tn_y", "req_y", 7);
            return null;
        });
        assertThat(db.<List<String>>inTenantScope("tn_x", c -> strings(c, "select request_id from ledger"))).containsExactly("req_x");
        assertThat(db.<List<String>>inTenantScope("tn_y", c -> strings(c, "select request_id from ledger"))).containsExactly("req_y");
        try (Connection unscoped = db.dataSource().getConnection()) {
            assertThat(count(unscoped, "select count(*) from ledger")).isZero();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
