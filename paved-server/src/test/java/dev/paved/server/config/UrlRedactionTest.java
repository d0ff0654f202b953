package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlRedactionTest {
    @Test
    void hidesPasswordInUserInfo() {
        assertThat(UrlRedaction.redact("postgresql://paved:s3cret@db:5432/paved"))
                .isEqualTo("postgresql://paved:***@db:5432/paved");
        assertThat(UrlRedaction.redact("rediss://default:s3cret@cache:6380/0")).isEqualTo("rediss://default:***@cache:6380/0");
    }

    @Test
    void hidesUserInfoWithoutColonBecauseRedisTreatsItAsPassword() {
        assertThat(UrlRedaction.redact("redis://s3cret@cache:6379")).isEqualTo("redis://***@cache:6379");
    }

    @Test
    void hidesPasswordContainingSlashOrAt() {
        String r = UrlRedaction.redact("postgresql://u:pa/ss@w0rd@db/paved");
        assertThat(r).isEqualTo("postgresql://u:***@db/paved").doesNotContain("pa/ss").doesNotContain("w0rd");
    }

    @Test
    void hidesSecretQueryParameters() {
        assertThat(UrlRedaction.redact("jdbc:postgresql://db:5432/paved?user=paved&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/paved?user=paved&password=***&ssl=true");
        assertThat(UrlRedaction.redact("http://collector:4318?api_token=abc")).isEqualTo("http://collector:4318?api_token=***");
    }

    @Test
    void leavesUrlsWithoutSecretsAlone() {
        assertThat(UrlRedaction.redact("redis://cache:6379")).isEqualTo("redis://cache:6379");
        assertThat(UrlRedaction.redact("postgresql://db/paved?sslmode=require")).isEqualTo("postgresql://db/paved?sslmode=require");
        assertThat(UrlRedaction.redact(null)).isNull();
    }

    @Test
    void unparseableTextThatCouldHoldCredentialsIsHiddenWhole() {
        assertThat(UrlRedaction.redact("user:s3cret@db")).isEqualTo("***");
        assertThat(UrlRedaction.redact("localhost")).isEqualTo("localhost");
    }
}
