package dev.paved.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    private static String name;
    private static Database db;

    @BeforeAll
    static void open() {
        name = TestPostgres.newDatabaseName();
        db = Database.embedded(TestPostgres.shared(), name, 4);
        db.inSystemScope(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("insert into tenants (id, name) values ('tn_a', 'alpha'), ('tn_b', 'beta')");
            }
            insertLedger(c, "tn_a", "req_a1", 10);
            insertLedger(c, "tn_a", "req_a2", 20);
            insertLedger(c, "tn_b", "req_b1", 300);
            return null;
        });
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void migratesOnceAndIsIdempotentOnReopen() {
        assertThat(db.migrationsApplied()).isEqualTo(Migrations.count());
        assertThat(db.schemaVersion()).isEqualTo(Migrations.latest());
        try (Database again = Database.embedded(TestPostgres.shared(), name, 2)) {
            assertThat(again.migrationsApplied()).isZero();
            assertThat(again.schemaVersion()).isEqualTo(Migrations.latest());
            assertThat(again.<Long>inSystemScope(c -> count(c, "select count(*) from ledger"))).isEqualTo(3);
        }
    }

    @Test
    void poolRunsAsANonSuperuserRoleWithoutBypassRls() {
        assertThat(db.appAccess()).isEqualTo(Database.AppAccess.LOGIN_ROLE);
        List<String> attrs = db.inSystemScope(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "select current_user, rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = current_user")) {
                rs.next();
                return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        });
        assertThat(attrs).containsExactly("paved_app", "f", "f", "f");
    }

    @Test
    void everyTableHasForcedRowLevelSecurity() {
        List<String> unprotected = db.inSystemScope(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                            + "where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> 'flyway_schema_history' "
                            + "and not (c.relrowsecurity and c.relforcerowsecurity)")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        assertThat(unprotected).isEmpty();
    }

    @Test
    void tenantScopeSeesOnlyThatTenantsRows() {
        assertThat(db.<List<String>>inTenantScope("tn_a", c -> strings(c, "select request_id from ledger order by request_id")))
                .containsExactly("req_a1", "req_a2");
        assertThat(db.<List<String>>inTenantScope("tn_b", c -> strings(c, "select request_id from ledger")))
                .containsExactly("req_b1");
        assertThat(db.<List<String>>inTenantScope("tn_a", c -> strings(c, "select id from tenants"))).containsExactly("tn_a");
        assertThat(db.<Long>inTenantScope("tn_a", c -> count(c, "select coalesce(sum(input_tokens), 0) from ledger")))
                .isEqualTo(30);
        assertThat(db.<Long>inSystemScope(c -> count(c, "select count(*) from ledger"))).isEqualTo(3);
    }

    @Test
    void outsideAnyScopeNothingIsVisible() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(count(c, "select count(*) from ledger")).isZero();
            assertThat(count(c, "select count(*) from tenants")).isZero();
            assertThat(count(c, "select count(*) from admin_keys")).isZero();
        }
    }

    @Test
    void scopeEndsWithItsTransaction() throws SQLException {
        try (Database single = Database.embedded(TestPostgres.shared(), name, 1)) {
            assertThat(single.<Long>inTenantScope("tn_a", c -> count(c, "select count(*) from ledger"))).isEqualTo(2);
            try (Connection same = single.dataSource().getConnection()) {
                assertThat(count(same, "select count(*) from ledger")).isZero();
            }
        }
    }

    @Test
    void tenantScopeCannotWriteAnotherTenantsRows() {
        assertThatThrownBy(() -> db.inTenantScope("tn_a", c -> {
            insertLedger(c, "tn_b", "req_forged", 1);
            return null;
        })).isInstanceOf(PavedException.class)
                .satisfies(e -> assertThat(((PavedException) e).kind()).isEqualTo(ErrorKind.INTERNAL))
                .cause().hasMessageContaining("row-level security");
        assertThat(db.<Long>inTenantScope("tn_a", c -> count(c, "update ledger set input_tokens = 0 where tenant_id = 'tn_b'")))
                .isZero();
        assertThat(db.<Long>inSystemScope(c -> count(c, "select count(*) from ledger where request_id = 'req_forged'"))).isZero();
    }

    @Test
    void appRoleCannotChangeTheSchemaOrItsHistory() {
        assertThatThrownBy(() -> db.<Long>inSystemScope(c -> count(c, "select count(*) from flyway_schema_history")))
                .isInstanceOf(PavedException.class).cause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> db.inSystemScope(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("alter table ledger no force row level security");
            }
            return null;
        })).isInstanceOf(PavedException.class).cause().hasMessageContaining("must be owner");
    }

    @Test
    void workFailuresRollBackAndPassThrough() {
        PavedException mine = new PavedException(ErrorKind.CONFLICT, "mine");
        assertThatThrownBy(() -> db.inSystemScope(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("insert into tenants (id, name) values ('tn_rolledback', 'rolled-back')");
            }
            throw mine;
        })).isSameAs(mine);
        assertThat(db.<Long>inSystemScope(c -> count(c, "select count(*) from tenants where id = 'tn_rolledback'"))).isZero();
        assertThatThrownBy(() -> db.inTenantScope(" ", c -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    static void insertLedger(Connection c, String tenant, String requestId, long inputTokens) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into ledger (entry_uid, at, request_id, tenant_id, input_tokens) "
                + "values (?, now(), ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, requestId);
            ps.setString(3, tenant);
            ps.setLong(4, inputTokens);
            ps.executeUpdate();
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return st.getUpdateCount();
            }
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
