package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {
    @Test
    void formatsFileLineColumnPathAndMessage() {
        assertThat(new ConfigProblem("paved.yaml", 14, 7, "aliases.a.targets[1].provider", "unknown provider 'x'"))
                .hasToString("paved.yaml:14:7 aliases.a.targets[1].provider: unknown provider 'x'");
        assertThat(new ConfigProblem("paved.yaml", 3, 1, "", "YAML syntax error: x")).hasToString("paved.yaml:3:1: YAML syntax error: x");
        assertThat(new ConfigProblem("environment", 0, 0, "PAVED_PORT", "bad")).hasToString("environment PAVED_PORT: bad");
        assertThat(new ConfigProblem("prod.yaml", 0, 0, "", "missing")).hasToString("prod.yaml: missing");
    }

    @Test
    void exceptionListsProblemsOnePerLineThenTheHint() {
        List<ConfigProblem> problems = new ArrayList<>(List.of(
                new ConfigProblem("paved.yaml", 1, 1, "a", "one"), new ConfigProblem("paved.yaml", 2, 3, "b", "two")));
        ConfigException e = new ConfigException(problems, "hint");
        problems.clear();
        assertThat(e.getMessage()).isEqualTo("paved.yaml:1:1 a: one\npaved.yaml:2:3 b: two\nhint");
        assertThat(e.problems()).hasSize(2);
        assertThatThrownBy(() -> e.problems().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e).isInstanceOf(RuntimeException.class);
    }

    @Test
    void exceptionNeedsAProblem() {
        assertThatThrownBy(() -> new ConfigException(List.of(), "hint")).isInstanceOf(IllegalArgumentException.class);
    }
}
