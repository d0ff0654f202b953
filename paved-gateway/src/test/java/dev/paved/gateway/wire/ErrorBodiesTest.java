package dev.paved.gateway.wire;

import static dev.paved.gateway.wire.Fixtures.assertJson;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorBodiesTest {
    @Test
    void openAiBodyCarriesMessageTypeParamAndCode() {
        PavedException e = PavedException.invalid("max_tokens must be a positive integer", "max_tokens");
        assertJson(ErrorBodies.openAi(e), """
                {"error":{"message":"max_tokens must be a positive integer","type":"invalid_request_error",
                 "param":"max_tokens","code":"invalid_value"}}""");
    }

    @Test
    void openAiBodyHasExplicitNullsWhenParamAndCodeAreUnknown() {
        assertJson(ErrorBodies.openAi(new PavedException(ErrorKind.UNAVAILABLE, "try later")),
                "{\"error\":{\"message\":\"try later\",\"type\":\"api_error\",\"param\":null,\"code\":null}}");
    }

    @Test
    void anthropicBodyHasTypeErrorEnvelope() {
        assertJson(ErrorBodies.anthropic(new PavedException(ErrorKind.UNAVAILABLE, "Overloaded")),
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    }

    @ParameterizedTest
    @CsvSource({
        "INVALID_REQUEST, invalid_request_error, invalid_request_error",
        "AUTHENTICATION, authentication_error, authentication_error",
        "PERMISSION, permission_error, permission_error",
        "NOT_FOUND, not_found_error, not_found_error",
        "CONFLICT, invalid_request_error, invalid_request_error",
        "PAYLOAD_TOO_LARGE, invalid_request_error, request_too_large",
        "UNSUPPORTED_MEDIA_TYPE, invalid_request_error, invalid_request_error",
        "RATE_LIMITED, rate_limit_error, rate_limit_error",
        "INTERNAL, api_error, api_error",
        "UPSTREAM, api_error, api_error",
        "UNAVAILABLE, api_error, overloaded_error",
        "TIMEOUT, api_error, timeout_error"})
    void mapsEveryKind(ErrorKind kind, String openAiType, String anthropicType) {
        PavedException e = new PavedException(kind, "m");
        assertJson(ErrorBodies.openAi(e).get("error").get("type"), "\"" + openAiType + "\"");
        assertJson(ErrorBodies.anthropic(e).get("error").get("type"), "\"" + anthropicType + "\"");
    }
}
