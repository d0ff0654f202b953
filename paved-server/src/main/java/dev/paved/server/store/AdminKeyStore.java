package dev.paved.server.store;

import dev.paved.core.Ids;
import dev.paved.core.PavedException;
import dev.paved.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Keys for the admin API. Either configured by the operator (only its hash is stored; configuring another
 * one replaces it) or, when none is configured and none exists yet, generated once ({@code pa_…}) and
 * returned so that the server can print it a single time.
 */
public final class AdminKeyStore {
    public static final String KIND = "pa";
    public static final int MIN_CONFIGURED_LENGTH = 16;

    /** Serialises bootstrap across Paved processes sharing one database. */
    private static final long BOOTSTRAP_LOCK = 0x7061766564_0001L;

    private final Database db;

    public AdminKeyStore(Database db) {
        this.db = db;
    }

    /**
     * Makes sure an admin key exists.
     *
     * @param configuredAdminKey the operator's key (e.g. from {@code PAVED_ADMIN_KEY}), or null/blank for none
     * @return the plaintext of a newly generated key, to be shown once; empty when a key was configured or
     *         one already existed
     * @throws PavedException INVALID_REQUEST when the configured key is shorter than 16 characters or
     *                        contains whitespace
     */
    public Optional<String> ensureBootstrap(String configuredAdminKey) {
        boolean configured = configuredAdminKey != null && !configuredAdminKey.isBlank();
        if (configured && (configuredAdminKey.length() < MIN_CONFIGURED_LENGTH
                || configuredAdminKey.chars().anyMatch(Character::isWhitespace))) {
            throw PavedException.invalid("The configured admin key must be at least " + MIN_CONFIGURED_LENGTH
                    + " characters without whitespace.", "admin_key");
        }
        return db.inSystemScope(c -> {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, BOOTSTRAP_LOCK);
                lock.execute();
            }
            if (configured) {
                installConfigured(c, configuredAdminKey);
                return Optional.empty();
            }
            if (anyActive(c)) {
                return Optional.empty();
            }
            KeyMaterial generated = KeyMaterial.generate(KIND);
            insert(c, generated.prefix(), KeyMaterial.hashHex(generated.plaintext()), "generated");
            return Optional.of(generated.plaintext());
        });
    }

    /** Whether {@code plaintext} is an active admin key. Compares against every active hash in constant time. */
    public boolean verify(String plaintext) {
        if (plaintext == null || plaintext.isEmpty()) {
            return false;
        }
        return db.inSystemScope(c -> {
            boolean match = false;
            try (PreparedStatement ps = c.prepareStatement("select secret_hash from admin_keys where status = 'active'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    match |= KeyMaterial.matches(plaintext, rs.getString(1));
                }
            }
            return match;
        });
    }

    private static void installConfigured(Connection c, String key) throws SQLException {
        String hash = KeyMaterial.hashHex(key);
        try (PreparedStatement ps = c.prepareStatement("update admin_keys set status = 'disabled' "
                + "where origin = 'configured' and status = 'active' and secret_hash <> ?")) {
            ps.setString(1, hash);
            ps.executeUpdate();
        }
        String prefix = KeyMaterial.prefixOf(KIND, key).orElse(null);
        try (PreparedStatement ps = c.prepareStatement("insert into admin_keys (id, prefix, secret_hash, origin) "
                + "values (?, ?, ?, 'configured') on conflict (secret_hash) "
                + "do update set status = 'active', origin = 'configured'")) {
            ps.setString(1, Ids.prefixed("adk"));
            ps.setString(2, prefix);
            ps.setString(3, hash);
            ps.executeUpdate();
        }
    }

    private static boolean anyActive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from admin_keys where status = 'active')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void insert(Connection c, String prefix, String hash, String origin) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into admin_keys (id, prefix, secret_hash, origin) values (?, ?, ?, ?)")) {
            ps.setString(1, Ids.prefixed("adk"));
            ps.setString(2, prefix);
            ps.setString(3, hash);
            ps.setString(4, origin);
            ps.executeUpdate();
        }
    }
}
