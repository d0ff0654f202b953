package dev.paved.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code paved} command. */
@Command(name = "paved", mixinStandardHelpOptions = true, versionProvider = PavedCli.Version.class,
        description = "Paved: a self-hosted AI platform (LLM gateway, RAG, guardrails, telemetry).",
        subcommands = {ServeCommand.class, TenantsCommand.class, KeysCommand.class, SwitchesCommand.class, UsageCommand.Budgets.class,
                UsageCommand.Limits.class, TargetsCommand.class, IngestCommand.class, EvalCommand.class, GuardCommand.class, FakeUpstreamCommand.class,
                CommandLine.HelpCommand.class})
public final class PavedCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new PavedCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CliException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PavedCli.class.getPackage().getImplementationVersion();
            return new String[] {"paved " + (v == null ? "dev" : v)};
        }
    }
}
