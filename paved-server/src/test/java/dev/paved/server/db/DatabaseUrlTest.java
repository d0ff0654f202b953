package dev.paved.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void parsesTheLibpqStyleUrlWithEncodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://paved%40corp:p%3Ass%2Fw+rd@db.internal:6543/paved?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/paved?sslmode=require");
        assertThat(url.user()).isEqualTo("paved@corp");
        assertThat(url.password()).isEqualTo("p:ss/w+rd");
    }

    @Test
    void parsesPostgresSchemeAndUserWithoutPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app@127.0.0.1:5432/paved");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/paved");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isNull();
    }

    @Test
    void parsesTheJdbcFormWithCredentialsInTheQuery() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h1:5432,h2:5432/paved?user=app&password=s%26cret&targetServerType=primary");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/paved?targetServerType=primary");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s&cret");
    }

    @Test
    void parsesTheJdbcFormWithUserInfo() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://app:pw@localhost/paved");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/paved");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("pw");
    }

    @Test
    void rejectsOtherSchemesWithoutEchoingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/paved"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAVED_DATABASE_URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///paved")).hasMessageContaining("no host");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(DatabaseUrl.parse("postgresql://u:hunter2@h/db").toString()).doesNotContain("hunter2");
        assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db?user=u&password=hunter2")).doesNotContain("hunter2");
    }
}
