package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.TargetConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AliasesConfigTest {
    private static final String PROVIDERS = """
            providers:
              openai: {type: openai, base_url: https://api.openai.com/v1}
              anthropic: {type: anthropic, base_url: https://api.anthropic.com}
              vllm: {type: openai, base_url: http://gpu:8000/v1}
            """;

    private static Map<String, AliasConfig> aliases(String yaml) {
        return parse(PROVIDERS + yaml).gateway().aliases();
    }

    @Test
    void targetsKeepTheirFallbackOrder() {
        AliasConfig a = aliases("""
                aliases:
                  support-quality:
                    type: chat
                    targets:
                      - {provider: anthropic, model: claude-sonnet-4-5}
                      - {provider: openai, model: gpt-4o}
                """).get("support-quality");
        assertThat(a.kind()).isEqualTo(AliasKind.CHAT);
        assertThat(a.targets()).containsExactly(new TargetConfig("anthropic", "claude-sonnet-4-5"),
                new TargetConfig("openai", "gpt-4o"));
        assertThat(a.primary()).isEqualTo(new TargetConfig("anthropic", "claude-sonnet-4-5"));
    }

    @Test
    void typeDefaultsToChat() {
        assertThat(aliases("aliases:\n  a: {targets: [openai/gpt-4o]}\n").get("a").kind()).isEqualTo(AliasKind.CHAT);
        assertThat(aliases("aliases:\n  e: {type: embedding, target: openai/text-embedding-3-small}\n").get("e").kind())
                .isEqualTo(AliasKind.EMBEDDING);
    }

    @Test
    void shorthandForms() {
        Map<String, AliasConfig> a = aliases("""
                aliases:
                  single-map: {target: {provider: openai, model: gpt-4o-mini}}
                  single-string: {target: openai/gpt-4o-mini}
                  bare-string: openai/gpt-4o-mini
                  bare-list: [anthropic/claude-haiku-4-5, openai/gpt-4o-mini]
                  string-targets:
                    targets: [openai/gpt-4o-mini]
                """);
        TargetConfig mini = new TargetConfig("openai", "gpt-4o-mini");
        assertThat(a.get("single-map").targets()).containsExactly(mini);
        assertThat(a.get("single-string").targets()).containsExactly(mini);
        assertThat(a.get("bare-string").targets()).containsExactly(mini);
        assertThat(a.get("bare-string").kind()).isEqualTo(AliasKind.CHAT);
        assertThat(a.get("bare-list").targets()).containsExactly(new TargetConfig("anthropic", "claude-haiku-4-5"), mini);
        assertThat(a.get("string-targets").targets()).containsExactly(mini);
    }

    @Test
    void modelNamesMayContainSlashes() {
        AliasConfig a = aliases("aliases:\n  llama: vllm/meta-llama/Llama-3.1-8B-Instruct\n").get("llama");
        assertThat(a.primary()).isEqualTo(new TargetConfig("vllm", "meta-llama/Llama-3.1-8B-Instruct"));
    }

    @Test
    void targetValuesAreSubstituted() {
        AliasConfig a = parse(PROVIDERS + "aliases:\n  x: {target: {provider: openai, model: \"${MODEL:-gpt-4o}\"}}\n",
                Map.of("MODEL", "gpt-4.1")).gateway().aliases().get("x");
        assertThat(a.primary().model()).isEqualTo("gpt-4.1");
    }

    @Test
    void defaultEmbeddingAliasIsAdded() {
        Map<String, AliasConfig> a = aliases("aliases:\n  chat: openai/gpt-4o\n");
        assertThat(a).containsOnlyKeys("chat", "bge-small-en-v1.5", "extractive");
        AliasConfig bge = a.get("bge-small-en-v1.5");
        assertThat(bge.kind()).isEqualTo(AliasKind.EMBEDDING);
        assertThat(bge.targets()).containsExactly(new TargetConfig("local", "bge-small-en-v1.5"));
        assertThat(bge).isEqualTo(BuiltIns.defaultEmbeddingAlias());
    }

    @Test
    void fileMayRedefineTheDefaultEmbeddingAlias() {
        AliasConfig bge = aliases("aliases:\n  bge-small-en-v1.5: {type: embedding, target: vllm/BAAI/bge-small-en-v1.5}\n")
                .get("bge-small-en-v1.5");
        assertThat(bge.targets()).containsExactly(new TargetConfig("vllm", "BAAI/bge-small-en-v1.5"));
    }

    @Test
    void localProviderServesEmbeddingAliases() {
        AliasConfig a = aliases("aliases:\n  embed: {type: embedding, targets: [local/bge-small-en-v1.5]}\n").get("embed");
        assertThat(a.primary().provider()).isEqualTo("local");
    }

    @Test
    void embeddingAliasMayTargetAnyRemoteProviderType() {
        AliasConfig a = aliases("aliases:\n  e: {type: embeddings, target: anthropic/some-embedder}\n").get("e");
        assertThat(a.kind()).isEqualTo(AliasKind.EMBEDDING);
    }

    @Test
    void unknownProviderListsKnownOnesAndSuggests() {
        ConfigException e = failure(PROVIDERS + """
                aliases:
                  support-quality:
                    targets:
                      - {provider: anthropic, model: claude-sonnet-4-5}
                      - {provider: openia, model: gpt-4o}
                      - nobody/model-x
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:9:20 aliases.support-quality.targets[1].provider: unknown provider 'openia'; known"
                        + " providers: anthropic, extractive, local, openai, vllm (did you mean 'openai'?)",
                "paved.yaml:10:9 aliases.support-quality.targets[2]: unknown provider 'nobody'; known providers:"
                        + " anthropic, extractive, local, openai, vllm");
    }

    @Test
    void localProviderCannotServeChatAliases() {
        ConfigException e = failure("aliases:\n  chat: {targets: [{provider: local, model: bge-small-en-v1.5}]}\n");
        assertThat(problemLines(e)).containsExactly("paved.yaml:2:31 aliases.chat.targets[0].provider: provider 'local'"
                + " runs in-process and serves only embedding aliases; add 'type: embedding' to this alias or pick"
                + " another provider");
    }

    @Test
    void aliasesWithoutTargets() {
        ConfigException e = failure(PROVIDERS + """
                aliases:
                  empty:
                  empty-list: {targets: []}
                  no-key: {type: chat}
                  null-targets: {targets: }
                  bare-empty-list: []
                """);
        String none = "alias has no targets; add at least one, as in 'targets: [openai/gpt-4o]'";
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:6:3 aliases.empty: " + none,
                "paved.yaml:7:16 aliases.empty-list.targets: " + none,
                "paved.yaml:8:3 aliases.no-key: " + none,
                "paved.yaml:9:18 aliases.null-targets.targets: " + none,
                "paved.yaml:10:3 aliases.bare-empty-list: " + none);
    }

    @Test
    void malformedTargets() {
        ConfigException e = failure(PROVIDERS + """
                aliases:
                  a: gpt-4o
                  b: {target: openai/}
                  c: {targets: openai/gpt-4o}
                  d: {target: {provider: openai}}
                  e: {target: {provider: openai, model: gpt-4o, wieght: 2}}
                  f: {targets: [[openai, gpt-4o]]}
                  g: {target: openai/gpt-4o, targets: [openai/gpt-4o]}
                """);
        String forms = "write a target as provider/model, such as openai/gpt-4o, or as {provider: openai, model: gpt-4o}";
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:6:6 aliases.a: 'gpt-4o' is not a target; " + forms,
                "paved.yaml:7:15 aliases.b.target: 'openai/' is not a target; " + forms,
                "paved.yaml:8:16 aliases.c.targets: expected a list of targets (provider/model or {provider, model}),"
                        + " got a string",
                "paved.yaml:9:15 aliases.d.target: missing 'model'; " + forms,
                "paved.yaml:10:49 aliases.e.target.wieght: unknown key 'wieght'; valid keys: provider, model, weight, tier,"
                        + " region, context_window, timeouts (did you mean 'weight'?)",
                "paved.yaml:11:17 aliases.f.targets[0]: expected a target, got a list; " + forms,
                "paved.yaml:12:30 aliases.g.targets: use either 'target' (one) or 'targets' (a list), not both");
    }

    @Test
    void unknownAliasTypeAndKeys() {
        ConfigException e = failure(PROVIDERS + """
                aliases:
                  a: {type: embeding, target: openai/text-embedding-3-small}
                  b: {taget: openai/gpt-4o}
                """);
        assertThat(problemLines(e)).containsExactly(
                "paved.yaml:6:13 aliases.a.type: unknown alias type 'embeding'; valid types: chat, embedding"
                        + " (did you mean 'embedding'?)",
                "paved.yaml:7:3 aliases.b: alias has no targets; add at least one, as in 'targets: [openai/gpt-4o]'",
                "paved.yaml:7:7 aliases.b.taget: unknown key 'taget'; valid keys: type, targets, target,"
                        + " strategy, overflow, prompt_caching (did you mean 'target'?)");
    }

    @Test
    void aliasSectionMustBeAMapping() {
        assertThat(problemLines(failure("aliases: [a, b]\n"))).containsExactly(
                "paved.yaml:1:10 aliases: expected a mapping of alias names to targets, got a list");
    }
}
