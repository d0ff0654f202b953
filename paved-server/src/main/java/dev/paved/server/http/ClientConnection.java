package dev.paved.server.http;

import io.vertx.core.http.HttpServerResponse;

/** The caller's connection as streaming code sees it: open or gone, and back-pressure. */
final class ClientConnection {
    private ClientConnection() {
    }

    /** Runs {@code action} once if the caller disconnects before the response ended. */
    static void onGone(HttpServerResponse response, Runnable action) {
        response.closeHandler(v -> {
            if (!response.ended()) {
                action.run();
            }
        });
    }

    static void onDrain(HttpServerResponse response, Runnable action) {
        response.drainHandler(v -> action.run());
    }
}
