package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "targets", description = "Show every upstream target's health: breaker state, error rate, latency, retries and fallbacks.",
        mixinStandardHelpOptions = true)
final class TargetsCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        JsonNode root = admin.client().get("/admin/targets");
        Table t = new Table("TARGET", "STATE", "ERR%", "CALLS", "P50 MS", "P95 MS", "RETRIES", "FALLBACKS", "REFUSED", "ALIASES");
        for (JsonNode n : root.path("data")) {
            List<String> aliases = new ArrayList<>();
            n.path("aliases").forEach(a -> aliases.add(a.asText()));
            JsonNode rate = n.path("error_rate_percent");
            t.row(n.path("target").asText(), n.path("state").asText().toUpperCase(java.util.Locale.ROOT),
                    rate.isNull() || rate.isMissingNode() ? "-" : String.format(java.util.Locale.ROOT, "%.1f", rate.asDouble()),
                    n.path("calls").asText(), ms(n.path("latency_p50_ms")), ms(n.path("latency_p95_ms")),
                    n.path("retries").asText(), n.path("fallbacks").asText(), n.path("rejected_by_breaker").asText(),
                    String.join(",", aliases));
        }
        t.print(System.out);
        System.out.println("retry budget: " + root.path("retry_budget_available").asText() + " retries available");
        return 0;
    }

    private static String ms(JsonNode n) {
        return n.asLong(-1) < 0 ? "-" : n.asText();
    }
}
