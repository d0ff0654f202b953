package dev.paved.server.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration.
 *
 * @param file    the config file as the operator named it ({@code paved.yaml}), or {@link #ENVIRONMENT}
 * @param line    1-based line in {@code file}; 0 when the problem has no line (environment, missing file)
 * @param column  1-based column; 0 when the problem has no line
 * @param path    where in the document: {@code aliases.support-quality.targets[1].provider}; for environment
 *                problems the variable name; empty for problems about the whole file
 * @param message what is wrong and, where it helps, what to write instead; never contains secret values
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {
    /** The {@link #file()} of problems found in PAVED_* environment variables. */
    public static final String ENVIRONMENT = "environment";

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code paved.yaml:14:7 aliases.support-quality.targets[1].provider: unknown provider 'openia'; …}. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return path.isEmpty() ? where + ": " + message : where + " " + path + ": " + message;
    }
}
