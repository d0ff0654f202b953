package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code paved guard audit}: a tenant's guardrail decisions from the audit log, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show a tenant's guardrail decisions (blocked, redacted, fenced, dropped, quarantined), newest first.")
final class GuardAuditCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;
    @Option(names = "--tenant", required = true, description = "Tenant id (tn_...), as 'paved tenants list' shows it.")
    String tenant;
    @Option(names = "--request", description = "Only the decisions on this request id (the x-request-id of a response).")
    String request;
    @Option(names = "--limit", defaultValue = "50", description = "At most this many rows, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        String path = "/admin/guard/audit?tenant_id=" + enc(tenant) + "&limit=" + limit + (request == null ? "" : "&request_id=" + enc(request));
        JsonNode root = admin.client().get(path);
        Table t = new Table("AT", "REQUEST", "API", "ALIAS", "FEATURE", "STAGE", "VERDICT", "REASONS", "SCORE", "REDACTED", "SCAN US");
        for (JsonNode n : root.path("data")) {
            List<String> reasons = new ArrayList<>();
            n.path("reason_codes").forEach(r -> reasons.add(r.asText()));
            t.row(n.path("at").asText(), n.path("request_id").asText("-"), n.path("api").asText("-"), n.path("alias").asText("-"),
                    n.path("feature_id").isNull() ? "-" : n.path("feature_id").asText(), n.path("stage").asText(),
                    n.path("verdict").asText(), reasons.isEmpty() ? "-" : String.join(",", reasons),
                    String.format(java.util.Locale.ROOT, "%.2f", n.path("max_score").asDouble()), n.path("redactions").asText(),
                    n.path("scan_us").asText());
        }
        t.print(System.out);
        return 0;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
