package dev.paved.cli;

import picocli.CommandLine.Option;

/** Where the admin commands find the server. */
final class AdminOptions {
    @Option(names = "--url", description = "Paved server URL (default: http://127.0.0.1:$PAVED_PORT, port 8080).")
    String url;

    @Option(names = "--admin-key", description = "Admin key (default: $PAVED_ADMIN_KEY).")
    String adminKey;

    AdminClient client() {
        String u = url;
        if (u == null) {
            String port = System.getenv().getOrDefault("PAVED_PORT", "8080");
            u = "http://127.0.0.1:" + port;
        }
        String k = adminKey != null ? adminKey : System.getenv("PAVED_ADMIN_KEY");
        return new AdminClient(u, k);
    }
}
