package dev.paved.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.paved.rag.OutputMode;
import dev.paved.rag.RagFeature;
import dev.paved.rag.RewritePolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RagConfigTest {
    private static final String ALIASES = """
            providers:
              oa: {type: openai, base_url: "http://127.0.0.1:1/v1"}
            aliases:
              quality: {target: {provider: oa, model: m, context_window: 32000}}
              vectors: {type: embedding, target: {provider: oa, model: e}}
            """;

    private static PavedConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "paved.yaml", Map.of());
    }

    @Test
    void withoutTheSectionEveryFeatureUsesTheExtractiveAnswerer() {
        RagConfig rag = parse("").rag();
        RagFeature f = rag.feature("anything");
        assertThat(f.name()).isEqualTo("anything");
        assertThat(f.alias()).isEqualTo("extractive");
        assertThat(f.outputMode()).isEqualTo(OutputMode.STREAMING);
        assertThat(f.rewrite()).isEqualTo(RewritePolicy.DEFAULT);
        assertThat(parse("").gateway().aliases()).containsKey("extractive");
    }

    @Test
    void featuresInheritFromDefaults() {
        RagConfig rag = parse(ALIASES + """
                rag:
                  defaults: {alias: quality, top_k: 5, eval_sample_rate: 0.5}
                  features:
                    support: {output_mode: buffered, rewrite: off, answer_tokens: 300}
                    search: {rewrite: {low_confidence: false, threshold: 0.7}, cache: false}
                """).rag();
        RagFeature support = rag.feature("support");
        assertThat(support.alias()).isEqualTo("quality");
        assertThat(support.topK()).isEqualTo(5);
        assertThat(support.outputMode()).isEqualTo(OutputMode.BUFFERED);
        assertThat(support.rewrite()).isEqualTo(RewritePolicy.NEVER);
        assertThat(support.answerTokens()).isEqualTo(300);
        assertThat(support.evalSampleRate()).isEqualTo(0.5);
        RagFeature search = rag.feature("search");
        assertThat(search.rewrite().conversational()).isTrue();
        assertThat(search.rewrite().lowConfidence()).isFalse();
        assertThat(search.rewrite().threshold()).isEqualTo(0.7);
        assertThat(search.cache()).isFalse();
        assertThat(rag.feature("other").topK()).isEqualTo(5);
        assertThat(support.windowOr(32000)).isEqualTo(32000);
        assertThat(support.windowOr(0)).isEqualTo(RagFeature.DEFAULT_CONTEXT_WINDOW);
    }

    @Test
    void mistakesAreReportedWithTheirPlace() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(ALIASES + """
                rag:
                  defaults: {alias: qualty}
                  features:
                    a: {alias: vectors, output_mode: later}
                    b: {top_k: 0, rewrite: sometimes, eval_sample_rate: 2}
                    c: {context_window: 100, answer_tokens: 200, speed: 1}
                """));
        assertThat(e.problems()).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m).contains("unknown alias 'qualty'")
                .contains("did you mean 'quality'"));
        assertThat(e.getMessage()).contains("rag.defaults.alias", "rag.features.a.alias: alias 'vectors' is an embedding alias",
                "rag.features.a.output_mode: unknown output mode 'later'", "rag.features.b.top_k", "rag.features.b.rewrite",
                "rag.features.b.eval_sample_rate", "rag.features.c.speed: unknown key 'speed'");
    }

    @Test
    void answerBudgetMustFitTheWindow() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                rag:
                  features:
                    c: {context_window: 100, answer_tokens: 200}
                """));
        assertThat(e.getMessage()).contains("rag.features.c").contains("smaller than the context window");
    }
}
