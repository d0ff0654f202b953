package dev.paved.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {
    private static PavedException parse(int status, String body) {
        return UpstreamErrors.parse(status, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOpenAiErrorObject() {
        PavedException e = parse(400, "{\"error\":{\"message\":\"Invalid value for 'temperature'.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}");
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.getMessage()).isEqualTo("Invalid value for 'temperature'.");
        assertThat(e.param()).isEqualTo("temperature");
        assertThat(e.code()).isEqualTo("invalid_value");
    }

    @Test
    void readsAnthropicErrorObject() {
        PavedException e = parse(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}");
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("Overloaded");
        assertThat(e.param()).isNull();
    }

    @Test
    void numericCodesAreNotTakenAsCodes() {
        PavedException e = parse(429, "{\"error\":{\"message\":\"slow down\",\"code\":429}}");
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.getMessage()).isEqualTo("slow down");
        assertThat(e.code()).isNull();
    }

    @Test
    void readsStringErrorsAndTopLevelMessages() {
        assertThat(parse(404, "{\"error\":\"model 'llama9' not found\"}").getMessage()).isEqualTo("model 'llama9' not found");
        assertThat(parse(400, "{\"object\":\"error\",\"message\":\"bad prompt\",\"code\":400}").getMessage())
                .isEqualTo("bad prompt");
    }

    @Test
    void fallsBackToTheStatus() {
        assertThat(parse(502, "<html>Bad Gateway</html>").getMessage()).isEqualTo("upstream returned HTTP 502");
        assertThat(parse(500, "").getMessage()).isEqualTo("upstream returned HTTP 500");
        assertThat(parse(503, null).getMessage()).isEqualTo("upstream returned HTTP 503");
        assertThat(parse(401, "{\"error\":{\"message\":\"\"}}").getMessage()).isEqualTo("upstream returned HTTP 401");
        assertThat(parse(500, "[1,2]").kind()).isEqualTo(ErrorKind.UPSTREAM);
    }
}
