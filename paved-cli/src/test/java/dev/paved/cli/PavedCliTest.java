package dev.paved.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PavedCliTest {
    @Test
    void tableAlignsColumnsAndMarksEmpty() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new Table("ID", "NAME").row("tn_1", "acme").row("tn_22", null).print(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("ID     NAME");
        assertThat(lines[1]).isEqualTo("-----  ----");
        assertThat(lines[2]).isEqualTo("tn_1   acme");
        assertThat(lines[3]).isEqualTo("tn_22  -");

        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        new Table("ID").print(new PrintStream(empty, true, StandardCharsets.UTF_8));
        assertThat(empty.toString(StandardCharsets.UTF_8)).contains("(none)");
    }

    @Test
    void adminCommandWithoutServerSaysWhatToDo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            code = new picocli.CommandLine(new PavedCli())
                    .setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8))
                    .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                        cmd.getErr().println("error: " + ex.getMessage());
                        return 1;
                    })
                    .execute("tenants", "list", "--url", "http://127.0.0.1:1", "--admin-key", "pa_0123456789abcdef");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot reach Paved at http://127.0.0.1:1").contains("./paved serve");
    }

    @Test
    void unknownCommandFailsWithUsage() {
        assertThat(PavedCli.run("no-such-command")).isNotZero();
    }
}
