package dev.paved.server.http;

import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.ErrorBodies;
import dev.paved.gateway.wire.Json;
import io.vertx.core.http.HttpServerResponse;

/** Writes a {@link PavedException} as a complete error response in one API's format. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static void send(HttpServerResponse response, WireFormat format, PavedException error) {
        if (response.ended() || response.closed() || response.headWritten()) {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
            return;
        }
        String body = format == WireFormat.ANTHROPIC ? Json.write(ErrorBodies.anthropic(error)) : Json.write(ErrorBodies.openAi(error));
        if (response.headers().get("x-request-id") == null) {
            // Failures raised before the edge handler ran (oversized bodies) still get an id to quote.
            response.putHeader("x-request-id", dev.paved.core.Ids.requestId());
        }
        response.setStatusCode(error.status());
        response.putHeader("content-type", "application/json");
        error.headers().forEach(response::putHeader);
        if (error.kind() == dev.paved.core.ErrorKind.RATE_LIMITED && response.headers().get("retry-after") == null) {
            response.putHeader("retry-after", "1");
        }
        response.end(body);
    }
}
