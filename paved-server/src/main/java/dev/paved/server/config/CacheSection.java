package dev.paved.server.config;

import dev.paved.gateway.config.CacheConfig;
import dev.paved.gateway.config.CacheConfig.CacheRule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads {@code cache:}; every key is optional. Per-alias rules must name a configured alias. */
final class CacheSection {
    static final List<String> KEYS = List.of("enabled", "ttl", "max_entries_per_tenant", "max_temperature", "semantic", "threshold",
            "offline_threshold", "embedding_model", "aliases", "features");
    static final List<String> RULE_KEYS = List.of("mode", "threshold", "semantic", "cache_tool_calls", "ttl");
    static final List<String> MODES = List.of("off", "deterministic", "always");

    private CacheSection() {
    }

    static CacheConfig read(YamlMapping.Entry section, Set<String> aliasNames, ValueReader reader) {
        CacheConfig d = CacheConfig.DEFAULTS;
        if (section == null) {
            return d;
        }
        YamlMapping m = reader.mapping(section.value(), "cache", section.keyNode(), "cache settings (" + String.join(", ", KEYS) + ")");
        if (m == null) {
            return d;
        }
        m.rejectUnknown(KEYS);
        Function<String, Double> similarity = t -> ValueParsers.decimalBetween(t, "a similarity between 0 and 1", 0, 1);
        return new CacheConfig(
                reader.optional(m, "enabled", ValueParsers::bool, d.enabled()),
                reader.optional(m, "ttl", ValueParsers::duration, d.ttl()),
                reader.optional(m, "max_entries_per_tenant", t -> ValueParsers.intBetween(t, "max_entries_per_tenant", 1, 10_000_000),
                        d.maxEntriesPerTenant()),
                reader.optional(m, "max_temperature", t -> ValueParsers.decimalBetween(t, "a temperature between 0 and 2", 0, 2),
                        d.maxTemperature()),
                reader.optional(m, "semantic", ValueParsers::bool, d.semantic()),
                reader.optional(m, "threshold", similarity, d.threshold()),
                reader.optional(m, "offline_threshold", similarity, d.offlineThreshold()),
                reader.optional(m, "embedding_model", t -> ValueParsers.nonBlank(t, "embedding_model"), d.embeddingModel()),
                rules(m, "aliases", reader, aliasNames),
                rules(m, "features", reader, null));
    }

    private static Map<String, CacheRule> rules(YamlMapping parent, String key, ValueReader reader, Set<String> known) {
        Map<String, CacheRule> out = new LinkedHashMap<>();
        YamlMapping.Entry e = parent.get(key);
        if (e == null) {
            return out;
        }
        YamlMapping m = reader.mapping(e.value(), parent.childPath(key), e.keyNode(), key + " to cache rules");
        if (m == null) {
            return out;
        }
        for (YamlMapping.Entry r : m.entries()) {
            String path = m.childPath(r.key());
            if (known != null && !known.contains(r.key())) {
                reader.problems().at(r.keyNode(), path, "unknown alias '" + r.key() + "'; cache rules apply to aliases defined under aliases:"
                        + DidYouMean.suffix(r.key(), List.copyOf(known)));
                continue;
            }
            YamlMapping rule = reader.mapping(r.value(), path, r.keyNode(), "cache rule (" + String.join(", ", RULE_KEYS) + ")");
            if (rule == null) {
                continue;
            }
            rule.rejectUnknown(RULE_KEYS);
            out.put(r.key(), new CacheRule(
                    reader.optional(rule, "mode", t -> {
                        String v = t.strip().toLowerCase(java.util.Locale.ROOT);
                        if (!MODES.contains(v)) {
                            throw new IllegalArgumentException("unknown mode '" + t.strip() + "'; valid: " + String.join(", ", MODES)
                                    + DidYouMean.suffix(t.strip(), MODES));
                        }
                        return v;
                    }, null),
                    reader.optional(rule, "threshold", t -> ValueParsers.decimalBetween(t, "a similarity between 0 and 1", 0, 1), null),
                    reader.optional(rule, "semantic", ValueParsers::bool, null),
                    reader.optional(rule, "cache_tool_calls", ValueParsers::bool, null),
                    reader.optional(rule, "ttl", ValueParsers::duration, (Duration) null)));
        }
        return out;
    }
}
