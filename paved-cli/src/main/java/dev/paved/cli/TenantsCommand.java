package dev.paved.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tenants", description = "Create, list, disable and enable tenants.", mixinStandardHelpOptions = true,
        subcommands = {TenantsCommand.Create.class, TenantsCommand.ListTenants.class, TenantsCommand.Disable.class, TenantsCommand.Enable.class})
final class TenantsCommand {

    static void print(JsonNode... tenants) {
        Table t = new Table("ID", "NAME", "STATUS", "CREATED");
        for (JsonNode n : tenants) {
            t.row(n.path("id").asText(), n.path("name").asText(), n.path("status").asText(), n.path("created_at").asText());
        }
        t.print(System.out);
    }

    @Command(name = "create", description = "Create a tenant.", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(index = "0", description = "Tenant name: 1-64 of a-z, 0-9, '-', '_'.")
        String name;

        @Override
        public Integer call() {
            print(admin.client().post("/admin/tenants", Map.of("name", name)));
            return 0;
        }
    }

    @Command(name = "list", description = "List tenants.", mixinStandardHelpOptions = true)
    static final class ListTenants implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            JsonNode data = admin.client().get("/admin/tenants").path("data");
            JsonNode[] rows = new JsonNode[data.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = data.get(i);
            }
            print(rows);
            return 0;
        }
    }

    @Command(name = "disable", description = "Disable a tenant: all its keys stop working.", mixinStandardHelpOptions = true)
    static final class Disable implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(index = "0", description = "Tenant id (tn_...).")
        String id;

        @Override
        public Integer call() {
            print(admin.client().post("/admin/tenants/" + id + "/disable", Map.of()));
            return 0;
        }
    }

    @Command(name = "enable", description = "Enable a disabled tenant.", mixinStandardHelpOptions = true)
    static final class Enable implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(index = "0", description = "Tenant id (tn_...).")
        String id;

        @Override
        public Integer call() {
            print(admin.client().post("/admin/tenants/" + id + "/enable", Map.of()));
            return 0;
        }
    }
}
