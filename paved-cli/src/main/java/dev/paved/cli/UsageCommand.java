package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code paved budgets} and {@code paved limits}: what the configured budgets and limits have used. */
final class UsageCommand {
    private UsageCommand() {
    }

    /** A table of the rows' {@code fields}, headed by the field names in capitals; missing values print as '-'. */
    static void print(JsonNode rows, String... fields) {
        Table t = new Table(java.util.Arrays.stream(fields).map(f -> f.toUpperCase(java.util.Locale.ROOT)).toArray(String[]::new));
        for (JsonNode n : rows) {
            Object[] cells = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                JsonNode v = n.get(fields[i]);
                cells[i] = v == null || v.isNull() ? null : v.asText();
            }
            t.row(cells);
        }
        t.print(System.out);
    }

    static String query(String tenant) {
        return tenant == null ? "" : "?tenant_id=" + SwitchesCommand.enc(tenant);
    }

    @Command(name = "budgets", description = "Spend against the configured daily and monthly budgets (over all replicas).",
            mixinStandardHelpOptions = true)
    static final class Budgets implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Option(names = "--tenant", description = "Tenant id: the tenant, its keys and its features; default: every tenant.")
        String tenant;

        @Override
        public Integer call() {
            print(admin.client().get("/admin/budgets" + query(tenant)).path("data"), "scope", "id", "period", "spent_usd", "cap_usd", "soft_usd",
                    "resets_at");
            return 0;
        }
    }

    @Command(name = "limits", description = "Use of the configured rate and concurrency limits (over all replicas).",
            mixinStandardHelpOptions = true)
    static final class Limits implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Option(names = "--tenant", description = "Tenant id: the tenant and its keys; default: every tenant.")
        String tenant;

        @Override
        public Integer call() {
            print(admin.client().get("/admin/limits" + query(tenant)).path("data"), "scope", "id", "limit", "traffic_class", "used", "max",
                    "resets_at");
            return 0;
        }
    }
}
