package dev.paved.server.config;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.rag.OutputMode;
import dev.paved.rag.RagFeature;
import dev.paved.rag.RewritePolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code rag:}: {@code defaults:} and {@code features:}, each a set of feature settings; every key is
 * optional, a feature inherits what it does not set from {@code defaults}, which inherits from the built-in
 * defaults. Aliases must be chat aliases.
 */
final class RagSection {
    static final List<String> KEYS = List.of("defaults", "features");
    static final List<String> FEATURE_KEYS = List.of("alias", "system_prompt", "top_k", "context_window", "answer_tokens", "temperature",
            "rewrite", "output_mode", "eval_sample_rate", "cache", "session_budget_tokens", "history_turns");
    static final List<String> REWRITE_KEYS = List.of("conversational", "low_confidence", "threshold", "max_subqueries", "alias");

    private final Map<String, AliasConfig> aliases;
    private final ValueReader reader;

    private RagSection(Map<String, AliasConfig> aliases, ValueReader reader) {
        this.aliases = aliases;
        this.reader = reader;
    }

    static RagConfig read(YamlMapping.Entry section, Map<String, AliasConfig> aliases, ValueReader reader) {
        if (section == null) {
            return RagConfig.defaultsOnly();
        }
        YamlMapping m = reader.mapping(section.value(), "rag", section.keyNode(), "RAG settings (" + String.join(", ", KEYS) + ")");
        if (m == null) {
            return RagConfig.defaultsOnly();
        }
        m.rejectUnknown(KEYS);
        RagSection s = new RagSection(aliases, reader);
        RagFeature builtIn = RagFeature.defaults(RagFeature.DEFAULT_NAME);
        YamlMapping.Entry d = m.get("defaults");
        RagFeature defaults = d == null ? builtIn : s.feature(d, m.childPath("defaults"), RagFeature.DEFAULT_NAME, builtIn);
        Map<String, RagFeature> features = new LinkedHashMap<>();
        YamlMapping.Entry f = m.get("features");
        if (f != null) {
            YamlMapping list = reader.mapping(f.value(), m.childPath("features"), f.keyNode(), "feature ids to RAG settings");
            if (list != null) {
                for (YamlMapping.Entry e : list.entries()) {
                    // With broken defaults, features are still checked (against the built-in values) so every problem is reported.
                    RagFeature feature = s.feature(e, list.childPath(e.key()), e.key(), defaults == null ? builtIn : defaults);
                    if (feature != null) {
                        features.put(e.key(), feature);
                    }
                }
            }
        }
        return new RagConfig(defaults == null ? builtIn : defaults, features);
    }

    private RagFeature feature(YamlMapping.Entry e, String path, String name, RagFeature base) {
        YamlMapping m = reader.mapping(e.value(), path, e.keyNode(), "RAG feature settings (" + String.join(", ", FEATURE_KEYS) + ")");
        if (m == null || base == null) {
            return null;
        }
        m.rejectUnknown(FEATURE_KEYS);
        int before = reader.problems().count();
        String alias = reader.optional(m, "alias", this::chatAlias, base.alias());
        String prompt = reader.optional(m, "system_prompt", t -> ValueParsers.nonBlank(t, "system_prompt"), base.systemPrompt());
        int topK = reader.optional(m, "top_k", t -> ValueParsers.intBetween(t, "top_k", 1, 100), base.topK());
        int window = reader.optional(m, "context_window", t -> ValueParsers.intBetween(t, "context_window", 0, 10_000_000), base.contextWindow());
        int answer = reader.optional(m, "answer_tokens", t -> ValueParsers.intBetween(t, "answer_tokens", 1, 1_000_000), base.answerTokens());
        double temperature = reader.optional(m, "temperature", t -> ValueParsers.decimalBetween(t, "a temperature between 0 and 2", 0, 2),
                base.temperature());
        RewritePolicy rewrite = rewrite(m, base.rewrite());
        OutputMode mode = reader.optional(m, "output_mode", OutputMode::parse, base.outputMode());
        double rate = reader.optional(m, "eval_sample_rate", t -> ValueParsers.decimalBetween(t, "a share between 0 and 1", 0, 1),
                base.evalSampleRate());
        boolean cache = reader.optional(m, "cache", ValueParsers::bool, base.cache());
        int session = reader.optional(m, "session_budget_tokens", t -> ValueParsers.intBetween(t, "session_budget_tokens", 64, 1_000_000),
                base.sessionBudgetTokens());
        int turns = reader.optional(m, "history_turns", t -> ValueParsers.intBetween(t, "history_turns", 0, 100), base.historyTurns());
        if (reader.problems().count() != before) {
            return null;
        }
        try {
            return new RagFeature(name, alias, prompt, topK, window, answer, temperature, rewrite, mode, rate, cache, session, turns);
        } catch (IllegalArgumentException ex) {
            reader.problems().at(e.value(), path, ex.getMessage());
            return null;
        }
    }

    private RewritePolicy rewrite(YamlMapping feature, RewritePolicy base) {
        YamlMapping.Entry e = feature.get("rewrite");
        if (e == null) {
            return base;
        }
        String path = feature.childPath("rewrite");
        if (e.value() instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
            return reader.parse(e.value(), path, t -> {
                if (t.strip().equalsIgnoreCase("off") || t.strip().equalsIgnoreCase("false") || t.strip().equalsIgnoreCase("never")) {
                    return RewritePolicy.NEVER;
                }
                throw new IllegalArgumentException("rewrite is 'off' or a mapping (" + String.join(", ", REWRITE_KEYS) + ")");
            });
        }
        YamlMapping m = reader.mapping(e.value(), path, e.keyNode(), "rewrite settings (" + String.join(", ", REWRITE_KEYS) + ")");
        if (m == null) {
            return base;
        }
        m.rejectUnknown(REWRITE_KEYS);
        return new RewritePolicy(reader.optional(m, "conversational", ValueParsers::bool, base.conversational()),
                reader.optional(m, "low_confidence", ValueParsers::bool, base.lowConfidence()),
                reader.optional(m, "threshold", t -> ValueParsers.decimalBetween(t, "a confidence between 0 and 1", 0, 1), base.threshold()),
                reader.optional(m, "max_subqueries", t -> ValueParsers.intBetween(t, "max_subqueries", 1, 8), base.maxSubqueries()),
                reader.optional(m, "alias", this::chatAlias, base.alias()));
    }

    private String chatAlias(String text) {
        String name = text.strip();
        AliasConfig a = aliases.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown alias '" + name + "'; define it under aliases: (or use the built-in 'extractive')"
                    + DidYouMean.suffix(name, List.copyOf(aliases.keySet())));
        }
        if (a.kind() != AliasKind.CHAT) {
            throw new IllegalArgumentException("alias '" + name + "' is an embedding alias; RAG answers need a chat alias");
        }
        return name;
    }
}
