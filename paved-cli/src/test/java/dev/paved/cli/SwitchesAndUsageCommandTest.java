package dev.paved.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The switch and usage commands send the right admin requests and print tables. */
class SwitchesAndUsageCommandTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + body + " " + ex.getRequestHeaders().getFirst("authorization"));
            String path = ex.getRequestURI().getPath();
            String answer;
            int status = 200;
            if (path.equals("/admin/budgets")) {
                answer = "{\"data\":[{\"scope\":\"tenant\",\"id\":\"tn_1\",\"period\":\"day\",\"spent_usd\":1.5,\"cap_usd\":10,\"soft_usd\":8,"
                        + "\"resets_at\":\"2026-11-24T00:00:00Z\"}]}";
            } else if (path.equals("/admin/guard/audit")) {
                answer = "{\"object\":\"list\",\"data\":[{\"at\":\"2026-11-23T10:00:00Z\",\"request_id\":\"req_1\",\"api\":\"openai.chat\","
                        + "\"alias\":\"gpt\",\"feature_id\":null,\"stage\":\"input\",\"verdict\":\"block\",\"scanners\":[\"injection\"],"
                        + "\"reason_codes\":[\"injection.override\",\"injection.exfiltration\"],\"max_score\":0.97,\"redactions\":0,\"scan_us\":412}]}";
            } else if (path.equals("/admin/switches/nope")) {
                status = 404;
                answer = "{\"error\":{\"message\":\"No switch scope 'nope'. Use one of: global, tenant.\"}}";
            } else if (ex.getRequestMethod().equals("DELETE")) {
                answer = "{\"scope\":\"model\",\"target\":\"oa/big\",\"cleared\":true}";
            } else {
                answer = "{\"scope\":\"tenant\",\"target\":\"tn_1\",\"reason\":\"abuse\",\"since\":\"2026-11-23T10:00:00Z\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("content-type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = "http://127.0.0.1:" + server.getAddress().getPort();
        all[args.length + 2] = "--admin-key";
        all[args.length + 3] = "pa_0123456789abcdef";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = PavedCli.run(all);
            return code + "\n" + out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void guardAuditAsksForOneTenantsDecisionsAndPrintsThem() {
        String out = run("guard", "audit", "--tenant", "tn_1", "--request", "req 1", "--limit", "5");
        assertThat(requests).containsExactly("GET /admin/guard/audit?tenant_id=tn_1&limit=5&request_id=req+1  Bearer pa_0123456789abcdef");
        assertThat(out).startsWith("0\n").contains("VERDICT").contains("REASONS")
                .contains("block").contains("injection.override,injection.exfiltration").contains("0.97").contains("412");
    }

    @Test
    void setSendsScopeTargetAndReasonAndPrintsTheSwitch() {
        String out = run("switches", "set", "tenant", "tn_1", "--reason", "abuse");
        assertThat(requests).containsExactly("PUT /admin/switches/tenant {\"target\":\"tn_1\",\"reason\":\"abuse\"} Bearer pa_0123456789abcdef");
        assertThat(out).startsWith("0\n").contains("SCOPE   TARGET  SINCE                 REASON").contains("tenant  tn_1    2026-11-23T10:00:00Z  abuse");
    }

    @Test
    void clearEncodesAModelTarget() {
        String out = run("switches", "clear", "model", "oa/big");
        assertThat(requests).singleElement().asString().startsWith("DELETE /admin/switches/model?target=oa%2Fbig");
        assertThat(out).contains("Cleared the model switch for oa/big.");
    }

    @Test
    void budgetsPrintsATable() {
        String out = run("budgets", "--tenant", "tn_1");
        assertThat(requests).singleElement().asString().startsWith("GET /admin/budgets?tenant_id=tn_1");
        assertThat(out).contains("SCOPE   ID    PERIOD  SPENT_USD  CAP_USD  SOFT_USD  RESETS_AT").contains("tenant  tn_1  day     1.5        10       8");
    }

    @Test
    void serverErrorsAreShownAsIs() {
        assertThat(run("switches", "set", "nope", "x")).startsWith("1\n");
    }
}
