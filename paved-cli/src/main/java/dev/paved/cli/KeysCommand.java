package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", description = "Create, list and disable API keys of a tenant.", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Disable.class})
final class KeysCommand {

    static void print(Iterable<JsonNode> keys) {
        Table t = new Table("ID", "PREFIX", "NAME", "TENANT", "ALIASES", "FEATURE", "STATUS", "CREATED");
        for (JsonNode n : keys) {
            List<String> aliases = new java.util.ArrayList<>();
            n.path("allowed_aliases").forEach(a -> aliases.add(a.asText()));
            t.row(n.path("id").asText(), n.path("prefix").asText(), n.path("name").asText(), n.path("tenant_id").asText(),
                    aliases.isEmpty() ? "(all)" : String.join(",", aliases),
                    n.path("default_feature").isNull() || n.path("default_feature").isMissingNode() ? null : n.path("default_feature").asText(),
                    n.path("status").asText(), n.path("created_at").asText());
        }
        t.print(System.out);
    }

    @Command(name = "create", description = "Create an API key; the secret is shown once.", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Option(names = "--tenant", required = true, description = "Tenant id (tn_...).")
        String tenant;
        @Option(names = "--name", defaultValue = "default", description = "A label for the key.")
        String name;
        @Option(names = "--alias", split = ",", description = "Model aliases the key may use (default: all).")
        List<String> aliases;
        @Option(names = "--feature", description = "Default feature id for cost attribution.")
        String feature;
        @Option(names = "--acl-group", split = ",", description = "Knowledge-base ACL groups of the key's principal (RAG retrieves what they may see).")
        List<String> groups;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("allowed_aliases", aliases == null ? List.of() : aliases);
            if (feature != null) {
                body.put("default_feature", feature);
            }
            if (groups != null) {
                body.put("acl_groups", groups);
            }
            JsonNode created = admin.client().post("/admin/tenants/" + tenant + "/keys", body);
            print(List.of(created));
            System.out.println();
            System.out.println("API key (shown once, store it now): " + created.path("key").asText());
            return 0;
        }
    }

    @Command(name = "list", description = "List a tenant's keys (never their secrets).", mixinStandardHelpOptions = true)
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(index = "0", description = "Tenant id (tn_...).")
        String tenant;

        @Override
        public Integer call() {
            print(admin.client().get("/admin/tenants/" + tenant + "/keys").path("data"));
            return 0;
        }
    }

    @Command(name = "disable", description = "Disable a key.", mixinStandardHelpOptions = true)
    static final class Disable implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(index = "0", description = "Key id (key_...).")
        String id;

        @Override
        public Integer call() {
            print(List.of(admin.client().post("/admin/keys/" + id + "/disable", Map.of())));
            return 0;
        }
    }
}
