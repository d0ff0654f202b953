package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "switches", description = "Kill switches: turn inference off globally, or for a tenant, feature, alias or model.",
        mixinStandardHelpOptions = true, subcommands = {SwitchesCommand.ListSwitches.class, SwitchesCommand.Set.class, SwitchesCommand.Clear.class})
final class SwitchesCommand {
    private static final String SCOPES = "global, tenant (tenant id), feature (feature id), alias, model (provider/model or model name)";

    static void print(Iterable<JsonNode> switches) {
        Table t = new Table("SCOPE", "TARGET", "SINCE", "REASON");
        for (JsonNode n : switches) {
            t.row(n.path("scope").asText(), n.path("target").asText(), n.path("since").asText(null), n.path("reason").asText(null));
        }
        t.print(System.out);
    }

    @Command(name = "list", description = "List the kill switches in force.", mixinStandardHelpOptions = true)
    static final class ListSwitches implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            print(admin.client().get("/admin/switches").path("data"));
            return 0;
        }
    }

    @Command(name = "set", description = "Turn something off on every replica (within a second).", mixinStandardHelpOptions = true)
    static final class Set implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(index = "0", description = "Scope: " + SCOPES + ".")
        String scope;
        @Parameters(index = "1", arity = "0..1", description = "What to switch off; none for global.")
        String target;
        @Option(names = "--reason", description = "Shown to callers in the error message.")
        String reason;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (target != null) {
                body.put("target", target);
            }
            if (reason != null) {
                body.put("reason", reason);
            }
            print(java.util.List.of(admin.client().put("/admin/switches/" + enc(scope), body)));
            return 0;
        }
    }

    @Command(name = "clear", description = "Turn a switch off again (traffic resumes).", mixinStandardHelpOptions = true)
    static final class Clear implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(index = "0", description = "Scope: " + SCOPES + ".")
        String scope;
        @Parameters(index = "1", arity = "0..1", description = "What was switched off; none for global.")
        String target;

        @Override
        public Integer call() {
            String q = target == null ? "" : "?target=" + enc(target);
            JsonNode cleared = admin.client().delete("/admin/switches/" + enc(scope) + q);
            System.out.println("Cleared the " + cleared.path("scope").asText() + " switch for " + cleared.path("target").asText() + ".");
            return 0;
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
