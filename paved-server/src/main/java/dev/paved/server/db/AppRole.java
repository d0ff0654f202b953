package dev.paved.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The non-superuser role the application's connection pool runs as, so that row-level security applies
 * to every query it makes, and its grants on the schema's tables.
 */
final class AppRole {
    static final String NAME = "paved_app";

    private static final Logger LOG = LoggerFactory.getLogger(AppRole.class);
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String DUPLICATE_OBJECT = "42710";

    private AppRole() {
    }

    /** Embedded mode (owner is the superuser): a LOGIN role with the given password. */
    static void ensureLogin(Connection owner, String password) throws SQLException {
        createIfMissing(owner);
        try (Statement st = owner.createStatement()) {
            st.execute("alter role " + NAME + " with login nosuperuser nocreatedb nocreaterole noreplication "
                    + "nobypassrls password '" + password.replace("'", "''") + "'");
        }
    }

    /**
     * External mode: a NOLOGIN role the URL's user is a member of, entered with {@code SET ROLE}. Returns
     * false when the URL's user may not create or join it; the pool then connects as that user directly.
     */
    static boolean ensureSettable(Connection owner) {
        try {
            createIfMissing(owner);
            if (!canSetRole(owner)) {
                try (Statement st = owner.createStatement()) {
                    st.execute("grant " + NAME + " to " + quote(currentUser(owner)));
                }
            }
            return canSetRole(owner);
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                LOG.warn("The database user may not create or join role {} ({}); the application will connect as "
                        + "that user directly. Row-level security still applies because it is forced on every "
                        + "table, as long as that user is neither a superuser nor has BYPASSRLS.", NAME, e.getMessage());
                return false;
            }
            LOG.warn("Could not set up role {}: {}; connecting as the database user directly", NAME, e.getMessage());
            return false;
        }
    }

    /** Grants the role what the application needs on the tables of the owner's current schema. */
    static void grant(Connection owner) throws SQLException {
        String schema;
        try (Statement st = owner.createStatement(); ResultSet rs = st.executeQuery("select current_schema()")) {
            rs.next();
            schema = quote(rs.getString(1));
        }
        try (Statement st = owner.createStatement()) {
            st.execute("grant usage on schema " + schema + " to " + NAME);
            st.execute("grant select, insert, update, delete on all tables in schema " + schema + " to " + NAME);
            st.execute("grant usage, select on all sequences in schema " + schema + " to " + NAME);
            st.execute("revoke all on " + schema + ".flyway_schema_history from " + NAME);
        }
    }

    private static void createIfMissing(Connection owner) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = owner.createStatement()) {
            st.execute("create role " + NAME + " nologin");
        } catch (SQLException e) {
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** Tries {@code SET ROLE} (and resets it): the check that works the same on every PostgreSQL version. */
    private static boolean canSetRole(Connection owner) throws SQLException {
        try (Statement st = owner.createStatement()) {
            st.execute("set role " + NAME);
            st.execute("reset role");
            return true;
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
