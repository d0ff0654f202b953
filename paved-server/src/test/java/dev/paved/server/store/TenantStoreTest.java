package dev.paved.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.server.db.Database;
import dev.paved.server.db.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TenantStoreTest {
    private static Database db;
    private static TenantStore tenants;

    @BeforeAll
    static void open() {
        db = TestPostgres.newDatabase();
        tenants = new TenantStore(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void createsListsAndGetsTenants() {
        Tenant search = tenants.create("search-team");
        Tenant billing = tenants.create("billing_2");
        assertThat(search.id()).matches("tn_[A-Za-z0-9]{24}");
        assertThat(search.name()).isEqualTo("search-team");
        assertThat(search.status()).isEqualTo(Status.ACTIVE);
        assertThat(search.createdAt()).isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plusSeconds(5));
        assertThat(tenants.get(search.id())).isEqualTo(search);
        assertThat(tenants.find("tn_nope")).isEmpty();
        assertThat(tenants.list()).extracting(Tenant::name).containsSubsequence("billing_2", "search-team");
        assertThat(tenants.list()).contains(billing);
    }

    @Test
    void rejectsBadNames() {
        for (String bad : new String[] {"", "Upper", "has space", "a".repeat(65), "dot.ted", "ünï"}) {
            assertThatThrownBy(() -> tenants.create(bad)).as(bad)
                    .isInstanceOfSatisfying(PavedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                        assertThat(e.param()).isEqualTo("name");
                    });
        }
        assertThatThrownBy(() -> tenants.create(null)).isInstanceOf(PavedException.class);
        assertThat(tenants.create("a".repeat(64)).name()).hasSize(64);
    }

    @Test
    void duplicateNameIsAConflict() {
        tenants.create("dup");
        assertThatThrownBy(() -> tenants.create("dup"))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThat(tenants.list()).filteredOn(t -> t.name().equals("dup")).hasSize(1);
    }

    @Test
    void disablesAndEnables() {
        Tenant t = tenants.create("toggle");
        assertThat(tenants.setStatus(t.id(), Status.DISABLED).status()).isEqualTo(Status.DISABLED);
        assertThat(tenants.get(t.id()).active()).isFalse();
        assertThat(tenants.setStatus(t.id(), Status.ACTIVE).active()).isTrue();
    }

    @Test
    void unknownTenantIsNotFound() {
        assertThatThrownBy(() -> tenants.get("tn_missing"))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> tenants.setStatus("tn_missing", Status.DISABLED))
                .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }
}
