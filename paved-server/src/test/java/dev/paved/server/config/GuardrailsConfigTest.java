package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.paved.guard.Action;
import dev.paved.guard.Stage;
import dev.paved.guard.config.GuardrailsConfig;
import dev.paved.guard.config.ScannerSpec;
import dev.paved.guard.retrieved.ChunkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardrailsConfigTest {
    private static GuardrailsConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "paved.yaml", Map.of()).guardrails();
    }

    @Test
    void noSectionMeansNoGuardrails() {
        assertThat(parse("server: {port: 8080}\n").enabled()).isFalse();
    }

    @Test
    void readsDefaultsFeaturesAndTenants() {
        GuardrailsConfig g = parse("""
                guardrails:
                  apis: [openai.chat]
                  reversible: true
                  retrieved_policy: drop
                  input:
                    pii: {action: redact, types: [email, phone]}
                    injection: {threshold: 0.7, classifier: bundled}
                    max_size: {max_chars: 20000}
                  output:
                    toxicity: false
                  features:
                    support:
                      output:
                        json_schema: {repair: false}
                  tenants:
                    tn_abc123:
                      input:
                        language: {allowed: [en, de], min_chars: 30}
                      features:
                        bot:
                          input:
                            injection: {enabled: false}
                """);
        assertThat(g.enabled()).isTrue();
        assertThat(g.apis()).containsExactly("openai.chat");
        assertThat(g.defaults().retrieved()).isEqualTo(ChunkPolicy.DROP);
        assertThat(g.defaults().reversible()).isTrue();
        ScannerSpec injection = g.defaults().stages().get(Stage.INPUT).get("injection");
        assertThat(injection.threshold()).isEqualTo(0.7);
        assertThat(injection.options()).containsEntry("classifier", "bundled");
        assertThat(g.defaults().stages().get(Stage.INPUT).get("pii").action()).isEqualTo(Action.REDACT);
        assertThat(g.defaults().stages().get(Stage.INPUT).get("pii").options()).containsEntry("types", List.of("email", "phone"));
        assertThat(g.defaults().stages().get(Stage.INPUT).get("max_size").options()).containsEntry("max_chars", 20000L);
        assertThat(g.defaults().stages().get(Stage.OUTPUT).get("toxicity").enabled()).isFalse();
        assertThat(g.effective("tn_abc123", "bot").stages().get(Stage.INPUT).get("injection").enabled()).isFalse();
        assertThat(g.effective("tn_abc123", "bot").stages().get(Stage.INPUT)).containsKey("language");
        assertThat(g.effective("tn_other", "support").stages().get(Stage.OUTPUT)).containsKey("json_schema");
    }

    @Test
    void everyMistakeIsReportedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                guardrails:
                  apis: [openai.chat, embeddings]
                  input:
                    pii: {action: shred}
                    injection: {threshold: 2}
                    nonsense: {}
                    language: {allowed: [xx]}
                  output:
                    injection: {}
                  tenants:
                    Acme Corp:
                      input: {}
                """, "paved.yaml", Map.of()));
        assertThat(e.getMessage())
                .contains("paved.yaml:2:23 guardrails.apis: unknown API 'embeddings'")
                .contains("paved.yaml:4:19 guardrails.input.pii.action: unknown action 'shred'; valid: log, redact, block")
                .contains("paved.yaml:5:28 guardrails.input.injection.threshold: threshold must be between 0 and 1")
                .contains("paved.yaml:6:5 guardrails.input.nonsense: unknown scanner 'nonsense'")
                .contains("paved.yaml:7:5 guardrails.input.language: unknown language code(s) [xx]")
                .contains("paved.yaml:9:5 guardrails.output.injection: scanner 'injection' does not run at the output stage")
                .contains("paved.yaml:11:5 guardrails.tenants.Acme Corp: 'Acme Corp' is neither a tenant id (tn_...) nor a tenant name");
    }
}
