package dev.paved.server.store;

import dev.paved.core.ErrorKind;
import dev.paved.core.Ids;
import dev.paved.core.PavedException;
import dev.paved.server.db.Database;
import dev.paved.server.db.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Tenants: creation with a unique name, listing, lookup and enabling/disabling. */
public final class TenantStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final String COLUMNS = "id, name, status, created_at";

    private final Database db;

    public TenantStore(Database db) {
        this.db = db;
    }

    /**
     * Creates an active tenant.
     *
     * @throws PavedException INVALID_REQUEST for a bad name, CONFLICT when the name is taken
     */
    public Tenant create(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PavedException.invalid("Tenant name must be 1-64 characters of a-z, 0-9, '-' and '_'.", "name");
        }
        String id = Ids.prefixed("tn");
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into tenants (id, name) values (?, ?) returning " + COLUMNS)) {
                ps.setString(1, id);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return read(rs);
                }
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new PavedException(ErrorKind.CONFLICT, "A tenant named '" + name + "' already exists.",
                            "name", "tenant_exists");
                }
                throw e;
            }
        });
    }

    /** All tenants, by name. */
    public List<Tenant> list() {
        return db.inSystemScope(c -> {
            List<Tenant> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from tenants order by name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        });
    }

    public Optional<Tenant> find(String id) {
        return db.inSystemScope(c -> find(c, id));
    }

    /** The tenant with this name (tenant names are unique). */
    public Optional<Tenant> findByName(String name) {
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from tenants where name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** @throws PavedException NOT_FOUND when there is no such tenant */
    public Tenant get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Enables or disables a tenant. Keys of a disabled tenant stop authenticating immediately.
     *
     * @throws PavedException NOT_FOUND when there is no such tenant
     */
    public Tenant setStatus(String id, Status status) {
        if (status == null) {
            throw PavedException.invalid("status is required", "status");
        }
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update tenants set status = ? where id = ? returning " + COLUMNS)) {
                ps.setString(1, status.dbValue());
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound(id);
                    }
                    return read(rs);
                }
            }
        });
    }

    static Optional<Tenant> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from tenants where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static PavedException notFound(String id) {
        return new PavedException(ErrorKind.NOT_FOUND, "No tenant with id '" + id + "'.", "tenant_id", "tenant_not_found");
    }

    private static Tenant read(ResultSet rs) throws SQLException {
        return new Tenant(rs.getString("id"), rs.getString("name"), Status.fromDb(rs.getString("status")),
                Columns.instant(rs, "created_at"));
    }
}
