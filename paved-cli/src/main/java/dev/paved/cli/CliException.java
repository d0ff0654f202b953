package dev.paved.cli;

/** A failure the CLI reports as one line, without a stack trace. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message, null, false, false);
    }
}
