package dev.paved.server.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

/** Shortcuts for tests that parse YAML text named paved.yaml. */
final class ConfigTestSupport {
    private ConfigTestSupport() {
    }

    static PavedConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    static PavedConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "paved.yaml", env);
    }

    static ConfigException failure(String yaml) {
        return failure(yaml, Map.of());
    }

    static ConfigException failure(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> parse(yaml, env));
    }

    /** Each problem as the operator reads it: {@code paved.yaml:3:5 path: message}. */
    static List<String> problemLines(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
