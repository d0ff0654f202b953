package dev.paved.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.paved.core.PavedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paved's database: migrates the schema as its owner, then serves a small connection pool that runs as a
 * role subject to row-level security. Tenant-owned tables show a session only the rows of the tenant set
 * with {@link #inTenantScope}, or all rows inside {@link #inSystemScope}; outside either scope, none.
 *
 * <p>The pool's role depends on the mode ({@link AppAccess}): embedded, a dedicated LOGIN role
 * {@value #APP_ROLE} with a generated password; external, the URL's user switching to {@value #APP_ROLE}
 * with {@code SET ROLE}, or, where that user may not create roles, the URL's user itself (row-level security
 * is forced, so it applies to the tables' owner too). A superuser or BYPASSRLS role is refused.
 */
public final class Database implements AutoCloseable {
    public static final String APP_ROLE = AppRole.NAME;
    public static final String DEFAULT_DATABASE = "paved";
    public static final int DEFAULT_POOL_SIZE = 8;

    /** How the pool's connections become the application role. */
    public enum AppAccess {
        /** Connects as {@value Database#APP_ROLE} with its own password (embedded mode). */
        LOGIN_ROLE,
        /** Connects as the URL's user and runs {@code SET ROLE paved_app}. */
        SET_ROLE,
        /** Connects as the URL's user, which owns the tables; forced row-level security still applies. */
        URL_USER
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String SCOPE_SQL =
            "select set_config('paved.scope', ?, true), set_config('paved.tenant_id', ?, true)";

    private final HikariDataSource pool;
    private final AppAccess access;
    private final int migrationsApplied;
    private final String schemaVersion;
    private final EmbeddedPostgres server;

    private Database(HikariDataSource pool, AppAccess access, int migrationsApplied, String schemaVersion,
                     EmbeddedPostgres server) {
        this.pool = pool;
        this.server = server;
        this.access = access;
        this.migrationsApplied = migrationsApplied;
        this.schemaVersion = schemaVersion;
    }

    /** The database {@value #DEFAULT_DATABASE} in an embedded server, pool of {@value #DEFAULT_POOL_SIZE}. */
    public static Database embedded(EmbeddedPostgres pg) {
        return embedded(pg, DEFAULT_DATABASE, DEFAULT_POOL_SIZE);
    }

    /**
     * Creates {@code databaseName} in the embedded server if needed, migrates it and opens the pool. The
     * database registers itself with the server, which closes it before stopping.
     */
    public static Database embedded(EmbeddedPostgres pg, String databaseName, int poolSize) {
        pg.createDatabaseIfMissing(databaseName);
        DatabaseUrl owner = new DatabaseUrl(pg.jdbcUrl(databaseName), pg.superuser(), pg.superuserPassword());
        String appPassword = pg.secret("paved-app-role");
        Migration migrated = migrate(owner);
        try (Connection c = owner.connect()) {
            AppRole.ensureLogin(c, appPassword);
            AppRole.grant(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up role " + APP_ROLE + ": " + e.getMessage(), e);
        }
        HikariDataSource pool = pool(owner.jdbcUrl(), APP_ROLE, appPassword, null, poolSize, databaseName);
        Database db = open(pool, AppAccess.LOGIN_ROLE, migrated, pg);
        pg.addDependent(db);
        return db;
    }

    /** An external database from {@code PAVED_DATABASE_URL}, pool of {@value #DEFAULT_POOL_SIZE}. */
    public static Database external(String url) {
        return external(url, DEFAULT_POOL_SIZE);
    }

    /** Migrates the database at {@code url} as the URL's user and opens the pool. */
    public static Database external(String url, int poolSize) {
        DatabaseUrl owner = DatabaseUrl.parse(url);
        Migration migrated = migrate(owner);
        AppAccess access;
        try (Connection c = owner.connect()) {
            access = AppRole.ensureSettable(c) ? AppAccess.SET_ROLE : AppAccess.URL_USER;
            if (access == AppAccess.SET_ROLE) {
                AppRole.grant(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to " + owner.jdbcUrl() + ": " + e.getMessage(), e);
        }
        HikariDataSource pool = pool(owner.jdbcUrl(), owner.user(), owner.password(),
                access == AppAccess.SET_ROLE ? "set role " + APP_ROLE : null, poolSize, "external");
        return open(pool, access, migrated, null);
    }

    /** The application pool. Queries outside a scope see no tenant-owned rows. */
    public DataSource dataSource() {
        return pool;
    }

    public AppAccess appAccess() {
        return access;
    }

    /** Number of migrations this instance applied when it opened (0 when the schema was current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** The schema version after migration, e.g. {@code 1}. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * Runs {@code work} in a transaction that sees every tenant's rows (authentication lookups, the ledger
     * writer, administration). Commits when it returns, rolls back when it throws.
     *
     * @throws PavedException {@code UNAVAILABLE} when the database cannot be reached, {@code INTERNAL} for
     *                        other SQL failures; exceptions thrown by {@code work} pass through unchanged
     */
    public <T> T inSystemScope(SqlWork<T> work) {
        return inScope("system", "", work);
    }

    /** Runs {@code work} in a transaction that sees only {@code tenantId}'s rows and may write only those. */
    public <T> T inTenantScope(String tenantId, SqlWork<T> work) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("tenantId is required for a tenant scope");
        }
        return inScope("tenant", tenantId, work);
    }

    /** Closes the pool. An embedded server also closes it, before it stops, if this was not done earlier. */
    @Override
    public void close() {
        pool.close();
        if (server != null) {
            server.removeDependent(this);
        }
    }

    private <T> T inScope(String scope, String tenantId, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(SCOPE_SQL)) {
                    ps.setString(1, scope);
                    ps.setString(2, tenantId);
                    ps.execute();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private record Migration(int applied, String version) {
    }

    private static Migration migrate(DatabaseUrl owner) {
        Flyway flyway = Flyway.configure()
                .dataSource(owner.jdbcUrl(), owner.user(), owner.password())
                .locations("classpath:db/migration")
                .load();
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        String version = current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
        if (result.migrationsExecuted > 0) {
            LOG.info("Applied {} database migration(s); schema is at version {}", result.migrationsExecuted, version);
        }
        return new Migration(result.migrationsExecuted, version);
    }

    private static Database open(HikariDataSource pool, AppAccess access, Migration migrated, EmbeddedPostgres server) {
        String role;
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
            if (!rs.next()) {
                throw new IllegalStateException("cannot read the attributes of the application role");
            }
            if (rs.getBoolean(2) || rs.getBoolean(3)) {
                throw new IllegalStateException("the database role " + rs.getString(1) + " is a superuser or has "
                        + "BYPASSRLS, so row-level security would not isolate tenants; connect as a role without "
                        + "those attributes (one that owns the database or may create roles)");
            }
            role = rs.getString(1);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("could not open the application pool: " + e.getMessage(), e);
        }
        LOG.info("Database ready: application pool as {} ({}), schema version {}", role, access, migrated.version());
        return new Database(pool, access, migrated.applied(), migrated.version(), server);
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, String initSql,
                                         int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("paved-db-" + name);
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(2, size));
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        hc.setConnectionInitSql(initSql);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("ApplicationName", "paved");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(hc);
    }
}
