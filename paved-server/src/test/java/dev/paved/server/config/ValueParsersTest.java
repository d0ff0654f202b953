package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueParsersTest {
    @Test
    void durations() {
        assertThat(ValueParsers.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ValueParsers.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ValueParsers.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ValueParsers.duration(" 1h ")).isEqualTo(Duration.ofHours(1));
        assertThat(ValueParsers.duration("10 S")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void durationWithoutUnitSuggestsOne() {
        assertThatThrownBy(() -> ValueParsers.duration("60"))
                .hasMessage("'60' is not a duration; write a whole number with a unit: ms, s, m or h, such as 500ms,"
                        + " 30s, 2m (add a unit: 60s)");
        assertThatThrownBy(() -> ValueParsers.duration("1.5s")).hasMessageStartingWith("'1.5s' is not a duration");
        assertThatThrownBy(() -> ValueParsers.duration("0s")).hasMessage("duration must be greater than zero");
        assertThatThrownBy(() -> ValueParsers.duration("-5s")).hasMessageStartingWith("'-5s' is not a duration");
    }

    @Test
    void byteSizes() {
        assertThat(ValueParsers.byteSize("8388608")).isEqualTo(8_388_608L);
        assertThat(ValueParsers.byteSize("8MiB")).isEqualTo(8_388_608L);
        assertThat(ValueParsers.byteSize("16 mib")).isEqualTo(16L << 20);
        assertThat(ValueParsers.byteSize("512KB")).isEqualTo(512_000L);
        assertThat(ValueParsers.byteSize("1GiB")).isEqualTo(1L << 30);
        assertThat(ValueParsers.byteSize("1_000")).isEqualTo(1000L);
        assertThatThrownBy(() -> ValueParsers.byteSize("0")).hasMessage("size must be greater than zero");
        assertThatThrownBy(() -> ValueParsers.byteSize("-1")).hasMessageStartingWith("'-1' is not a size");
        assertThatThrownBy(() -> ValueParsers.byteSize("8 parsecs")).hasMessageStartingWith("'8 parsecs' is not a size");
        assertThatThrownBy(() -> ValueParsers.byteSize("99999999999GiB")).hasMessage("'99999999999GiB' is too large");
    }

    @Test
    void ports() {
        assertThat(ValueParsers.port("8080")).isEqualTo(8080);
        assertThat(ValueParsers.port("0")).isZero();
        assertThat(ValueParsers.port("65535")).isEqualTo(65535);
        assertThatThrownBy(() -> ValueParsers.port("65536"))
                .hasMessage("port 65536 is out of range; use 1-65535 (0 picks a free port)");
        assertThatThrownBy(() -> ValueParsers.port("-1")).hasMessageStartingWith("port -1 is out of range");
        assertThatThrownBy(() -> ValueParsers.port("http")).hasMessage("'http' is not a port number; write a whole number");
    }

    @Test
    void prices() {
        assertThat(ValueParsers.price("0.15")).isEqualByComparingTo("0.15");
        assertThat(ValueParsers.price("3")).isEqualTo(new BigDecimal("3"));
        assertThat(ValueParsers.price("0")).isEqualByComparingTo("0");
        assertThatThrownBy(() -> ValueParsers.price("-1")).hasMessage("price -1 is negative; prices must be 0 or more");
        assertThatThrownBy(() -> ValueParsers.price("cheap"))
                .hasMessage("'cheap' is not a number; write US dollars per 1M tokens, such as 0.15");
        assertThatThrownBy(() -> ValueParsers.price("$3")).hasMessageContaining("without '$'");
        assertThatThrownBy(() -> ValueParsers.price(".inf")).hasMessageStartingWith("'.inf' is not a number");
    }

    @Test
    void httpUrls() {
        assertThat(ValueParsers.httpUrl("https://api.openai.com/v1/")).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(ValueParsers.httpUrl("http://127.0.0.1:11434/v1")).isEqualTo(URI.create("http://127.0.0.1:11434/v1"));
        assertThat(ValueParsers.httpUrl("HTTPS://api.anthropic.com")).hasHost("api.anthropic.com");
        assertThatThrownBy(() -> ValueParsers.httpUrl("api.openai.com/v1"))
                .hasMessage("'api.openai.com/v1' must be an absolute http:// or https:// URL, such as https://api.openai.com/v1");
        assertThatThrownBy(() -> ValueParsers.httpUrl("ftp://files.example.com")).hasMessageContaining("http://");
        assertThatThrownBy(() -> ValueParsers.httpUrl("https://x.openai.azure.com/openai?api-version=1"))
                .hasMessageContaining("query").hasMessageContaining("api_version");
        assertThatThrownBy(() -> ValueParsers.httpUrl("https://user:pw@example.com"))
                .hasMessage("the URL must not contain credentials; put them in api_key or headers");
        assertThatThrownBy(() -> ValueParsers.httpUrl("https:///v1")).hasMessageContaining("no host");
        assertThatThrownBy(() -> ValueParsers.httpUrl("http://exa mple.com")).hasMessageContaining("is not a valid URL");
    }

    @Test
    void connectionUrls() {
        assertThat(ValueParsers.databaseUrl("postgresql://db/paved")).isEqualTo("postgresql://db/paved");
        assertThat(ValueParsers.databaseUrl("jdbc:postgresql://db/paved")).isEqualTo("jdbc:postgresql://db/paved");
        assertThat(ValueParsers.databaseUrl("postgres://db/paved")).isEqualTo("postgres://db/paved");
        assertThatThrownBy(() -> ValueParsers.databaseUrl("mysql://root:hunter2@db/paved"))
                .hasMessageStartingWith("'mysql://root:***@db/paved' is not a PostgreSQL URL")
                .message().doesNotContain("hunter2");
        assertThat(ValueParsers.redisUrl("rediss://cache:6380")).isEqualTo("rediss://cache:6380");
        assertThatThrownBy(() -> ValueParsers.redisUrl("memcached://cache")).hasMessageContaining("not a Redis URL");
        assertThat(ValueParsers.otlpEndpoint("http://otel:4317")).isEqualTo("http://otel:4317");
        assertThatThrownBy(() -> ValueParsers.otlpEndpoint("otel:4317")).hasMessageContaining("http://");
    }

    @Test
    void adminKeyMustBeLongAndIsNeverEchoed() {
        assertThat(ValueParsers.adminKey("0123456789abcdef")).isEqualTo("0123456789abcdef");
        assertThatThrownBy(() -> ValueParsers.adminKey("letmein"))
                .hasMessageStartingWith("the admin key is too short (7 characters)")
                .message().doesNotContain("letmein");
        assertThatThrownBy(() -> ValueParsers.adminKey("0123456789 abcdef0"))
                .hasMessage("the admin key must not contain spaces");
    }
}
