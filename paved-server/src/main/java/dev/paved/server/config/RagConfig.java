package dev.paved.server.config;

import dev.paved.rag.RagFeature;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code rag:} section: settings of {@code POST /v1/chat} per feature, and the defaults of features without
 * their own entry.
 *
 * @param defaults the settings of every feature not listed (named after the caller's feature)
 * @param features per-feature settings, by feature id
 */
public record RagConfig(RagFeature defaults, Map<String, RagFeature> features) {
    public RagConfig {
        Objects.requireNonNull(defaults, "defaults");
        features = Map.copyOf(features);
    }

    public static RagConfig defaultsOnly() {
        return new RagConfig(RagFeature.defaults(RagFeature.DEFAULT_NAME), Map.of());
    }

    /** The settings of a feature: its own entry, else the defaults under its name. */
    public RagFeature feature(String featureId) {
        RagFeature f = featureId == null ? null : features.get(featureId);
        if (f != null) {
            return f;
        }
        if (featureId == null) {
            return defaults;
        }
        RagFeature d = defaults;
        return new RagFeature(featureId, d.alias(), d.systemPrompt(), d.topK(), d.contextWindow(), d.answerTokens(), d.temperature(),
                d.rewrite(), d.outputMode(), d.evalSampleRate(), d.cache(), d.sessionBudgetTokens(), d.historyTurns());
    }
}
