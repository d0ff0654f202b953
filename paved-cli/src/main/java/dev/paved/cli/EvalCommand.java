package dev.paved.cli;

import picocli.CommandLine.Command;

/** {@code paved eval …}: measure components on datasets. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure Paved's components on a dataset.",
        subcommands = {EvalGuardCommand.class})
final class EvalCommand {
}
