package dev.paved.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.server.db.Database;
import dev.paved.server.db.EmbeddedPostgres;
import dev.paved.server.db.TestPostgres;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeyStoreTest {

    @Test
    void generatesOnceAndTheKeySurvivesARestart(@TempDir Path dir) {
        String generated;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(TestPostgres.config(dir))) {
            try (Database db = Database.embedded(pg)) {
                AdminKeyStore admin = new AdminKeyStore(db);
                Optional<String> first = admin.ensureBootstrap(null);
                assertThat(first).hasValueSatisfying(k -> assertThat(k).matches("pa_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}"));
                generated = first.orElseThrow();
                assertThat(admin.ensureBootstrap(null)).isEmpty();
                assertThat(admin.ensureBootstrap("  ")).isEmpty();
                assertThat(admin.verify(generated)).isTrue();
            }
            pg.stop();
            pg.start();
            try (Database db = Database.embedded(pg)) {
                AdminKeyStore admin = new AdminKeyStore(db);
                assertThat(admin.ensureBootstrap(null)).as("not printed again after restart").isEmpty();
                assertThat(admin.verify(generated)).isTrue();
                assertThat(admin.verify(generated.substring(0, generated.length() - 1))).isFalse();
                assertThat(admin.verify(null)).isFalse();
                assertThat(admin.verify("")).isFalse();
            }
        }
    }

    @Test
    void configuredKeyIsStoredAsHashAndReplacesThePreviousConfiguredOne() {
        try (Database db = TestPostgres.newDatabase()) {
            AdminKeyStore admin = new AdminKeyStore(db);
            String first = "operator-chosen-key-0001";
            String second = "operator-chosen-key-0002";
            assertThat(admin.ensureBootstrap(first)).isEmpty();
            assertThat(admin.verify(first)).isTrue();
            assertThat(admin.ensureBootstrap(first)).isEmpty();
            assertThat(admin.verify(first)).isTrue();
            assertThat(admin.ensureBootstrap(null)).as("a configured key exists, nothing to generate").isEmpty();

            assertThat(admin.ensureBootstrap(second)).isEmpty();
            assertThat(admin.verify(second)).isTrue();
            assertThat(admin.verify(first)).as("replaced").isFalse();

            assertThat(admin.ensureBootstrap(first)).isEmpty();
            assertThat(admin.verify(first)).as("configured again").isTrue();
            assertThat(admin.verify(second)).isFalse();

            String rows = db.inSystemScope(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("select string_agg(t::text, ' ') from admin_keys t")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(rows).doesNotContain(first).doesNotContain(second).contains(KeyMaterial.hashHex(first));
        }
    }

    @Test
    void rejectsWeakConfiguredKeys() {
        try (Database db = TestPostgres.newDatabase()) {
            AdminKeyStore admin = new AdminKeyStore(db);
            for (String weak : new String[] {"short", "has spaces in it here"}) {
                assertThatThrownBy(() -> admin.ensureBootstrap(weak)).as(weak)
                        .isInstanceOfSatisfying(PavedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
            }
            assertThat(admin.verify("short")).isFalse();
        }
    }
}
