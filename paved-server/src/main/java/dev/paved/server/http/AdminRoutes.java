package dev.paved.server.http;

import io.vertx.ext.web.Router;

/** More admin endpoints, mounted after the admin API's own so they sit behind the same admin-key check. */
@FunctionalInterface
public interface AdminRoutes {
    void mount(Router router);
}
