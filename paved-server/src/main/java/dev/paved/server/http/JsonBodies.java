package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.wire.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Reads a JSON object request body, with the errors a caller can act on. */
final class JsonBodies {
    private JsonBodies() {
    }

    static ObjectNode object(RoutingContext rc) {
        String ct = rc.request().getHeader("content-type");
        if (ct == null || !ct.regionMatches(true, 0, "application/json", 0, 16)) {
            throw new PavedException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Send the request body as JSON with 'Content-Type: application/json'" + (ct == null ? "" : " (got '" + ct + "')") + ".",
                    null, "unsupported_media_type");
        }
        Buffer body = rc.body().buffer();
        if (body == null || body.length() == 0) {
            throw new PavedException(ErrorKind.INVALID_REQUEST, "The request body is empty; send a JSON object.", null, "empty_body");
        }
        JsonNode node = Json.parseOrNull(body.getBytes());
        if (node == null) {
            throw new PavedException(ErrorKind.INVALID_REQUEST,
                    "The request body is not valid JSON. Check for trailing commas, unquoted keys or truncated content.", null, "invalid_json");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new PavedException(ErrorKind.INVALID_REQUEST, "The request body must be a JSON object.", null, "invalid_json");
        }
        return obj;
    }
}
