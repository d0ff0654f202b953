package dev.paved.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.server.db.Database;
import dev.paved.server.db.TestPostgres;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeyStoreTest {
    private static Database db;
    private static TenantStore tenants;
    private static ApiKeyStore keys;

    @BeforeAll
    static void open() {
        db = TestPostgres.newDatabase();
        tenants = new TenantStore(db);
        keys = new ApiKeyStore(db);
    }

    @AfterAll
    static void close() {
        keys.close();
        db.close();
    }

    @Test
    void createdKeyAuthenticatesWithItsTenantAliasesAndFeature() {
        Tenant t = tenants.create("auth-ok");
        Set<String> aliases = new LinkedHashSet<>(List.of("fast", "smart"));
        CreatedKey created = keys.create(t.id(), "backend", aliases, "search");
        assertThat(created.plaintext()).matches("pk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}");
        assertThat(created.key().prefix()).isEqualTo(created.plaintext().substring(0, 11));
        assertThat(created.key().id()).matches("key_[A-Za-z0-9]{24}");
        assertThat(created.key().tenantId()).isEqualTo(t.id());
        assertThat(created.key().allowedAliases()).containsExactlyInAnyOrder("fast", "smart");
        assertThat(created.key().status()).isEqualTo(Status.ACTIVE);
        assertThat(created.key().lastUsedAt()).isNull();
        assertThat(created.toString()).doesNotContain(created.plaintext());

        Optional<AuthenticatedKey> found = keys.findActiveBySecret(created.plaintext());
        assertThat(found).contains(new AuthenticatedKey(created.key().id(), t.id(), Status.ACTIVE,
                Set.of("fast", "smart"), "search"));
    }

    @Test
    void wrongOrMalformedSecretsDoNotAuthenticate() {
        Tenant t = tenants.create("auth-wrong");
        CreatedKey created = keys.create(t.id(), "k", Set.of(), null);
        String p = created.plaintext();
        String flipped = p.substring(0, p.length() - 1) + (p.endsWith("a") ? "b" : "a");
        assertThat(keys.findActiveBySecret(flipped)).isEmpty();
        assertThat(keys.findActiveBySecret(created.key().prefix())).isEmpty();
        assertThat(keys.findActiveBySecret(p + "x")).isEmpty();
        assertThat(keys.findActiveBySecret("pk_AAAAAAAA_" + "B".repeat(32))).isEmpty();
        assertThat(keys.findActiveBySecret(null)).isEmpty();
        assertThat(keys.findActiveBySecret("")).isEmpty();
        AuthenticatedKey ok = keys.findActiveBySecret(p).orElseThrow();
        assertThat(ok.allowedAliases()).isEmpty();
        assertThat(ok.defaultFeature()).isNull();
    }

    @Test
    void disabledKeyStopsAuthenticating() {
        Tenant t = tenants.create("auth-disable");
        CreatedKey created = keys.create(t.id(), "k", null, null);
        assertThat(keys.findActiveBySecret(created.plaintext())).isPresent();
        assertThat(keys.disable(created.key().id()).status()).isEqualTo(Status.DISABLED);
        assertThat(keys.findActiveBySecret(created.plaintext())).isEmpty();
        assertThat(keys.get(created.key().id()).status()).isEqualTo(Status.DISABLED);
        assertThatThrownBy(() -> keys.disable("key_missing"))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void keysOfADisabledTenantStopAuthenticatingUntilReenabled() {
        Tenant t = tenants.create("auth-tenant-off");
        CreatedKey created = keys.create(t.id(), "k", null, null);
        tenants.setStatus(t.id(), Status.DISABLED);
        assertThat(keys.findActiveBySecret(created.plaintext())).isEmpty();
        tenants.setStatus(t.id(), Status.ACTIVE);
        assertThat(keys.findActiveBySecret(created.plaintext())).isPresent();
    }

    @Test
    void listShowsOnlyThatTenantsKeysWithoutSecrets() {
        Tenant a = tenants.create("list-a");
        Tenant b = tenants.create("list-b");
        CreatedKey a1 = keys.create(a.id(), "first", null, null);
        CreatedKey a2 = keys.create(a.id(), "second", Set.of("fast"), "f");
        keys.create(b.id(), "other", null, null);
        List<ApiKey> listed = keys.list(a.id());
        assertThat(listed).extracting(ApiKey::id).containsExactly(a1.key().id(), a2.key().id());
        assertThat(listed.get(1)).isEqualTo(a2.key());
        assertThat(listed.toString()).doesNotContain(a1.plaintext().substring(12)).doesNotContain(a2.plaintext().substring(12));
        assertThatThrownBy(() -> keys.list("tn_missing"))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void plaintextIsNeverStoredOnlyItsSha256() throws Exception {
        Tenant t = tenants.create("no-plaintext");
        CreatedKey created = keys.create(t.id(), "secretive", Set.of("fast"), "feature-x");
        String secretPart = created.plaintext().substring(12);
        String expectedHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(created.plaintext().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<String> everyRow = db.inSystemScope(c -> {
            List<String> rows = new ArrayList<>();
            for (String table : List.of("tenants", "api_keys", "admin_keys", "ledger")) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select t::text from " + table + " t")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows;
        });
        assertThat(everyRow).isNotEmpty().noneMatch(r -> r.contains(secretPart));
        assertThat(everyRow).anyMatch(r -> r.contains(expectedHash) && r.contains(created.key().prefix()));
    }

    @Test
    void rejectsBadArgumentsAndUnknownTenants() {
        Tenant t = tenants.create("bad-args");
        assertThatThrownBy(() -> keys.create(t.id(), " ", null, null))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.param()).isEqualTo("name"));
        assertThatThrownBy(() -> keys.create(t.id(), "k", Set.of(""), null))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.param()).isEqualTo("allowed_aliases"));
        assertThatThrownBy(() -> keys.create(t.id(), "k", null, ""))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.param()).isEqualTo("default_feature"));
        assertThatThrownBy(() -> keys.create("tn_missing", "k", null, null))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void touchRecordsLastUseInBatches() {
        Tenant t = tenants.create("touch");
        CreatedKey k1 = keys.create(t.id(), "one", null, null);
        CreatedKey k2 = keys.create(t.id(), "two", null, null);
        try (ApiKeyStore manual = new ApiKeyStore(db, Duration.ofHours(1))) {
            manual.touch(k1.key().id());
            manual.touch(k1.key().id());
            manual.touch(k2.key().id());
            assertThat(manual.get(k1.key().id()).lastUsedAt()).isNull();
            assertThat(manual.flushTouches()).isEqualTo(2);
            assertThat(manual.get(k1.key().id()).lastUsedAt()).isNotNull();
            assertThat(manual.get(k2.key().id()).lastUsedAt()).isNotNull();
            assertThat(manual.flushTouches()).isZero();
        }
    }

    @Test
    void closeWritesPendingTouches() {
        Tenant t = tenants.create("touch-close");
        CreatedKey k = keys.create(t.id(), "one", null, null);
        ApiKeyStore manual = new ApiKeyStore(db, Duration.ofHours(1));
        manual.touch(k.key().id());
        manual.close();
        assertThat(keys.get(k.key().id()).lastUsedAt()).isNotNull();
    }
}
