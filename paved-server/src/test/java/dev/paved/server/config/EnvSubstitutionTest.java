package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private final EnvSubstitution sub = new EnvSubstitution(Map.of(
            "TOKEN", "abc123", "HOST", "db.internal", "EMPTY", "", "PORT", "5432"));

    private String ok(String text) {
        EnvSubstitution.Result r = sub.apply(text);
        assertThat(r.errors()).isEmpty();
        return r.value();
    }

    @Test
    void textWithoutReferencesIsUnchanged() {
        assertThat(ok("https://api.openai.com/v1")).isEqualTo("https://api.openai.com/v1");
        assertThat(ok("costs $5")).isEqualTo("costs $5");
        assertThat(ok("a $ b {c}")).isEqualTo("a $ b {c}");
    }

    @Test
    void replacesWholeAndPartialReferences() {
        assertThat(ok("${TOKEN}")).isEqualTo("abc123");
        assertThat(ok("Bearer ${TOKEN}")).isEqualTo("Bearer abc123");
        assertThat(ok("postgresql://${HOST}:${PORT}/paved")).isEqualTo("postgresql://db.internal:5432/paved");
    }

    @Test
    void setButEmptyVariableWithoutDefaultIsEmpty() {
        assertThat(ok("[${EMPTY}]")).isEqualTo("[]");
    }

    @Test
    void defaultUsedWhenUnsetOrEmpty() {
        assertThat(ok("${MISSING:-fallback}")).isEqualTo("fallback");
        assertThat(ok("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(ok("${MISSING:-}")).isEqualTo("");
        assertThat(ok("${MISSING:-http://localhost:4317}")).isEqualTo("http://localhost:4317");
    }

    @Test
    void setVariableBeatsDefault() {
        assertThat(ok("${TOKEN:-fallback}")).isEqualTo("abc123");
    }

    @Test
    void defaultsMayReferToOtherVariables() {
        assertThat(ok("${MISSING:-${TOKEN}}")).isEqualTo("abc123");
        assertThat(ok("${MISSING:-${ALSO_MISSING:-x}}!")).isEqualTo("x!");
    }

    @Test
    void unusedDefaultIsNotEvaluated() {
        assertThat(ok("${TOKEN:-${NOT_SET_ANYWHERE}}")).isEqualTo("abc123");
    }

    @Test
    void doubleDollarEscapesALiteralReference() {
        assertThat(ok("$${TOKEN}")).isEqualTo("${TOKEN}");
        assertThat(ok("pre $${X} ${TOKEN}")).isEqualTo("pre ${X} abc123");
        assertThat(ok("${MISSING:-$${LITERAL}}")).isEqualTo("${LITERAL}");
    }

    @Test
    void missingVariableWithoutDefaultNamesItAndSaysWhatToDo() {
        EnvSubstitution.Result r = sub.apply("Bearer ${OPENAI_API_KEY}");
        assertThat(r.ok()).isFalse();
        assertThat(r.value()).isNull();
        assertThat(r.errors()).containsExactly("environment variable OPENAI_API_KEY is not set; set it before"
                + " starting Paved, or write ${OPENAI_API_KEY:-default} to give a default");
    }

    @Test
    void everyMissingVariableIsReported() {
        assertThat(sub.apply("${A}-${B}").errors()).hasSize(2)
                .anySatisfy(e -> assertThat(e).contains("variable A "))
                .anySatisfy(e -> assertThat(e).contains("variable B "));
    }

    @Test
    void unterminatedReferenceIsAnError() {
        assertThat(sub.apply("x ${TOKEN").errors())
                .containsExactly("'${' at character 3 has no closing '}'; write $${ for a literal ${");
    }

    @Test
    void invalidNameIsAnErrorThatDoesNotEchoTheText() {
        EnvSubstitution.Result r = sub.apply("${sk-live-123}");
        assertThat(r.errors()).singleElement().asString()
                .contains("at character 1 is not followed by a variable name")
                .doesNotContain("sk-live-123");
        assertThat(sub.apply("${}").ok()).isFalse();
    }
}
