package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.wire.Json;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/** Runs blocking work (JDBC, Lucene, models) on a worker thread and answers with its JSON or an OpenAI-style error. */
final class WorkerCalls {
    private WorkerCalls() {
    }

    /** @param failure what an unexpected exception is reported as, e.g. "Admin operation failed" */
    static void respond(Vertx vertx, RoutingContext rc, int status, Callable<JsonNode> work, String failure) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                Throwable t = ar.cause();
                PavedException e = t instanceof PavedException pe ? pe
                        : new PavedException(ErrorKind.INTERNAL, failure + ": " + t.getMessage(), null, "internal_error", t);
                ErrorResponses.send(rc.response(), WireFormat.OPENAI, e);
                return;
            }
            rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.write(ar.result()));
        });
    }
}
