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
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys: {@code pk_<8 visible>_<32 secret>}. Only the visible prefix and the SHA-256 of the whole key are
 * stored; the plaintext is returned once, at creation.
 */
public final class ApiKeyStore implements AutoCloseable {
    public static final String KIND = "pk";
    public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofSeconds(5);

    private static final int MAX_TEXT = 128;
    private static final int PREFIX_ATTEMPTS = 5;
    private static final String COLUMNS =
            "id, tenant_id, name, prefix, allowed_aliases, default_feature, status, created_at, last_used_at, acl_groups";
    /** Compared against when no key has the presented prefix, so a miss costs the same as a mismatch. */
    private static final String ABSENT_HASH = KeyMaterial.hashHex("pk_absent");

    private final Database db;
    private final LastUsedRecorder lastUsed;

    public ApiKeyStore(Database db) {
        this(db, DEFAULT_TOUCH_INTERVAL);
    }

    /** @param touchInterval how often recorded key uses are written to {@code last_used_at} */
    public ApiKeyStore(Database db, Duration touchInterval) {
        this.db = db;
        this.lastUsed = new LastUsedRecorder(db, touchInterval);
    }

    /**
     * Creates an active key for a tenant.
     *
     * @param allowedAliases model aliases the key may use; null or empty means all
     * @param defaultFeature feature to attribute cost to when a request names none, or null
     * @throws PavedException NOT_FOUND for an unknown tenant, INVALID_REQUEST for bad arguments
     */
    public CreatedKey create(String tenantId, String name, Set<String> allowedAliases, String defaultFeature) {
        return create(tenantId, name, allowedAliases, defaultFeature, Set.of());
    }

    /** @param aclGroups knowledge-base ACL groups of the key's principal; empty for none */
    public CreatedKey create(String tenantId, String name, Set<String> allowedAliases, String defaultFeature, Set<String> aclGroups) {
        requireText(tenantId, "tenant_id");
        Set<String> groups = Set.copyOf(aclGroups);
        requireText(name, "name");
        Set<String> aliases = new LinkedHashSet<>();
        if (allowedAliases != null) {
            for (String alias : allowedAliases) {
                requireText(alias, "allowed_aliases");
                aliases.add(alias);
            }
        }
        if (defaultFeature != null) {
            requireText(defaultFeature, "default_feature");
        }
        return db.inTenantScope(tenantId, c -> {
            if (TenantStore.find(c, tenantId).isEmpty()) {
                throw TenantStore.notFound(tenantId);
            }
            for (int attempt = 1; ; attempt++) {
                KeyMaterial material = KeyMaterial.generate(KIND);
                Savepoint beforeInsert = c.setSavepoint();
                try {
                    ApiKey key = insert(c, tenantId, name, aliases, defaultFeature, groups, material);
                    return new CreatedKey(key, material.plaintext());
                } catch (SQLException e) {
                    if (!SqlErrors.isUniqueViolation(e) || attempt == PREFIX_ATTEMPTS) {
                        throw e;
                    }
                    c.rollback(beforeInsert); // prefix collision: try another one
                }
            }
        });
    }

    /**
     * Looks up the key a caller presented. Present only when the key is well-formed, its hash matches
     * (compared in constant time), and both the key and its tenant are active.
     */
    public Optional<AuthenticatedKey> findActiveBySecret(String plaintext) {
        Optional<String> prefix = KeyMaterial.prefixOf(KIND, plaintext);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement("select k.id, k.tenant_id, k.secret_hash, k.allowed_aliases, "
                    + "k.default_feature, k.acl_groups, k.status, t.status as tenant_status "
                    + "from api_keys k join tenants t on t.id = k.tenant_id where k.prefix = ?")) {
                ps.setString(1, prefix.get());
                try (ResultSet rs = ps.executeQuery()) {
                    boolean found = rs.next();
                    boolean matches = KeyMaterial.matches(plaintext, found ? rs.getString("secret_hash") : ABSENT_HASH);
                    if (!found || !matches) {
                        return Optional.empty();
                    }
                    Status keyStatus = Status.fromDb(rs.getString("status"));
                    Status tenantStatus = Status.fromDb(rs.getString("tenant_status"));
                    if (keyStatus != Status.ACTIVE || tenantStatus != Status.ACTIVE) {
                        return Optional.empty();
                    }
                    return Optional.of(new AuthenticatedKey(rs.getString("id"), rs.getString("tenant_id"), tenantStatus,
                            Columns.textSet(rs, "allowed_aliases"), rs.getString("default_feature"), Columns.textSet(rs, "acl_groups")));
                }
            }
        });
    }

    /**
     * A tenant's keys, oldest first, without secrets.
     *
     * @throws PavedException NOT_FOUND for an unknown tenant
     */
    public List<ApiKey> list(String tenantId) {
        requireText(tenantId, "tenant_id");
        return db.inTenantScope(tenantId, c -> {
            if (TenantStore.find(c, tenantId).isEmpty()) {
                throw TenantStore.notFound(tenantId);
            }
            List<ApiKey> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select " + COLUMNS + " from api_keys where tenant_id = ? order by created_at, id")) {
                ps.setString(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
            }
            return out;
        });
    }

    /** @throws PavedException NOT_FOUND for an unknown key */
    public ApiKey get(String keyId) {
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from api_keys where id = ?")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound(keyId);
                    }
                    return read(rs);
                }
            }
        });
    }

    /**
     * Disables a key; it stops authenticating at once. Disabling a disabled key is a no-op.
     *
     * @throws PavedException NOT_FOUND for an unknown key
     */
    public ApiKey disable(String keyId) {
        return db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update api_keys set status = 'disabled' where id = ? returning " + COLUMNS)) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw notFound(keyId);
                    }
                    return read(rs);
                }
            }
        });
    }

    /** Notes a use of the key now. Never touches the database on the caller's thread. */
    public void touch(String keyId) {
        lastUsed.touch(keyId, Instant.now());
    }

    /** Writes the uses noted by {@link #touch} so far; returns how many keys were updated. */
    public int flushTouches() {
        return lastUsed.flush();
    }

    /** Writes pending key uses and stops the background writer. */
    @Override
    public void close() {
        lastUsed.close();
    }

    private static ApiKey insert(Connection c, String tenantId, String name, Set<String> aliases,
                                 String defaultFeature, Set<String> groups, KeyMaterial material) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into api_keys (id, tenant_id, name, prefix, secret_hash, "
                + "allowed_aliases, default_feature, acl_groups) values (?, ?, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
            ps.setString(1, Ids.prefixed("key"));
            ps.setString(2, tenantId);
            ps.setString(3, name);
            ps.setString(4, material.prefix());
            ps.setString(5, KeyMaterial.hashHex(material.plaintext()));
            ps.setArray(6, c.createArrayOf("text", aliases.toArray()));
            ps.setString(7, defaultFeature);
            ps.setArray(8, c.createArrayOf("text", groups.stream().sorted().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    private static ApiKey read(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("prefix"),
                Columns.textSet(rs, "allowed_aliases"), rs.getString("default_feature"),
                Status.fromDb(rs.getString("status")), Columns.instant(rs, "created_at"),
                Columns.instant(rs, "last_used_at"), Columns.textSet(rs, "acl_groups"));
    }

    private static PavedException notFound(String keyId) {
        return new PavedException(ErrorKind.NOT_FOUND, "No API key with id '" + keyId + "'.", "key_id", "key_not_found");
    }

    private static void requireText(String value, String param) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            throw PavedException.invalid(param + " must be 1-" + MAX_TEXT + " characters and not blank.", param);
        }
    }
}
