package dev.paved.server.config;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.config.OverflowPolicy;
import dev.paved.gateway.config.RoutingStrategy;
import dev.paved.gateway.config.TargetConfig;
import dev.paved.gateway.config.TargetTimeouts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code aliases:}. An alias is a mapping ({@code type}, {@code targets} or {@code target}), a list of
 * targets, or one target; a target is {@code {provider: p, model: m}} or the string {@code p/m}. The
 * embedding alias {@code bge-small-en-v1.5} is added unless the file defines an alias of that name.
 */
final class AliasesSection {
    static final List<String> ALIAS_KEYS = List.of("type", "targets", "target", "strategy", "overflow", "prompt_caching");
    static final List<String> TARGET_KEYS = List.of("provider", "model", "weight", "tier", "region", "context_window", "timeouts");
    static final List<String> TIMEOUT_KEYS = List.of("connect", "first_token", "idle", "total");
    static final List<String> STRATEGIES = List.of("fallback", "weighted", "ab");
    static final List<String> OVERFLOWS = List.of("reject", "truncate");
    static final List<String> TIERS = List.of("small", "mid", "frontier");
    static final List<String> KINDS = List.of("chat", "embedding");
    private static final String TARGET_FORMS = "write a target as provider/model, such as openai/gpt-4o, or as"
            + " {provider: openai, model: gpt-4o}";

    private final ProvidersSection.Result providers;
    private final ValueReader reader;
    private final Problems problems;

    private AliasesSection(ProvidersSection.Result providers, ValueReader reader) {
        this.providers = providers;
        this.reader = reader;
        this.problems = reader.problems();
    }

    static Map<String, AliasConfig> read(YamlMapping.Entry section, ProvidersSection.Result providers,
                                         ValueReader reader) {
        AliasesSection s = new AliasesSection(providers, reader);
        Map<String, AliasConfig> aliases = new LinkedHashMap<>();
        boolean defaultDefined = false;
        boolean extractiveDefined = false;
        YamlMapping mapping = section == null ? null : reader.mapping(section.value(), "aliases", section.keyNode(),
                "alias names to targets");
        if (mapping != null) {
            for (YamlMapping.Entry e : mapping.entries()) {
                defaultDefined |= e.key().equals(BuiltIns.DEFAULT_EMBEDDING_MODEL);
                extractiveDefined |= e.key().equals(BuiltIns.EXTRACTIVE);
                AliasConfig alias = s.readOne(e, mapping.childPath(e.key()));
                if (alias != null) {
                    aliases.put(e.key(), alias);
                }
            }
        }
        if (!defaultDefined) {
            aliases.put(BuiltIns.DEFAULT_EMBEDDING_MODEL, BuiltIns.defaultEmbeddingAlias());
        }
        if (!extractiveDefined && providers.valid().get(BuiltIns.EXTRACTIVE) != null
                && providers.valid().get(BuiltIns.EXTRACTIVE).type() == dev.paved.gateway.config.ProviderType.EXTRACTIVE) {
            aliases.put(BuiltIns.EXTRACTIVE, BuiltIns.extractiveAlias());
        }
        return aliases;
    }

    private AliasConfig readOne(YamlMapping.Entry e, String path) {
        int before = problems.count();
        Node value = e.value();
        AliasKind kind = AliasKind.CHAT;
        RoutingStrategy strategy = RoutingStrategy.FALLBACK;
        OverflowPolicy overflow = OverflowPolicy.REJECT;
        boolean promptCaching = false;
        List<TargetConfig> targets = new ArrayList<>();
        if (ValueReader.isNull(value)) {
            problems.at(e.keyNode(), path, noTargets());
        } else if (value instanceof ScalarNode) {
            addTarget(targets, value, path, kind);
        } else if (value instanceof SequenceNode seq) {
            readTargetList(targets, seq.getValue(), e.keyNode(), path, kind);
        } else {
            YamlMapping m = YamlMapping.of((MappingNode) value, path, e.keyNode(), problems);
            m.rejectUnknown(ALIAS_KEYS);
            kind = readKind(m);
            readTargets(m, targets, kind);
            strategy = choice(m, "strategy", STRATEGIES, RoutingStrategy::parse, RoutingStrategy.FALLBACK);
            overflow = choice(m, "overflow", OVERFLOWS, OverflowPolicy::parse, OverflowPolicy.REJECT);
            promptCaching = reader.optional(m, "prompt_caching", ValueParsers::bool, false);
            if (strategy != RoutingStrategy.FALLBACK && problems.count() == before
                    && targets.stream().mapToInt(TargetConfig::weight).sum() == 0) {
                problems.at(m.get("strategy").value(), m.childPath("strategy"), "every target has weight 0; give at least one a"
                        + " positive weight, or use strategy: fallback");
            }
        }
        if (problems.count() != before || kind == null) {
            return null;
        }
        return new AliasConfig(e.key(), kind, targets, strategy, overflow, promptCaching);
    }

    private <T> T choice(YamlMapping m, String key, List<String> valid, java.util.function.Function<String, T> parse, T fallback) {
        YamlMapping.Entry e = m.get(key);
        if (e == null) {
            return fallback;
        }
        String text = reader.text(e.value(), m.childPath(key));
        if (text == null) {
            if (ValueReader.isNull(e.value())) {
                problems.at(e.value(), m.childPath(key), key + " is empty; use one of " + String.join(", ", valid));
            }
            return fallback;
        }
        try {
            return parse.apply(text.strip());
        } catch (IllegalArgumentException ex) {
            problems.at(e.value(), m.childPath(key), "unknown " + key + " '" + text.strip() + "'; valid: " + String.join(", ", valid)
                    + DidYouMean.suffix(text.strip(), valid));
            return fallback;
        }
    }

    private AliasKind readKind(YamlMapping m) {
        YamlMapping.Entry e = m.get("type");
        if (e == null) {
            return AliasKind.CHAT;
        }
        String path = m.childPath("type");
        String text = reader.text(e.value(), path);
        if (text == null) {
            if (ValueReader.isNull(e.value())) {
                problems.at(e.value(), path, "type is empty; use chat or embedding");
            }
            return null;
        }
        try {
            return AliasKind.parse(text.strip());
        } catch (IllegalArgumentException ex) {
            problems.at(e.value(), path, "unknown alias type '" + text.strip() + "'; valid types: chat, embedding"
                    + DidYouMean.suffix(text.strip(), KINDS));
            return null;
        }
    }

    private void readTargets(YamlMapping m, List<TargetConfig> targets, AliasKind kind) {
        YamlMapping.Entry one = m.get("target");
        YamlMapping.Entry many = m.get("targets");
        if (one != null && many != null) {
            YamlMapping.Entry later = one.keyNode().getStartMark().getIndex() > many.keyNode().getStartMark().getIndex()
                    ? one : many;
            problems.at(later.keyNode(), m.childPath(later.key()), "use either 'target' (one) or 'targets' (a list),"
                    + " not both");
            return;
        }
        if (one != null) {
            if (ValueReader.isNull(one.value())) {
                problems.at(one.keyNode(), m.childPath("target"), "target is empty; " + TARGET_FORMS);
            } else {
                addTarget(targets, one.value(), m.childPath("target"), kind);
            }
        } else if (many != null) {
            String path = m.childPath("targets");
            if (ValueReader.isNull(many.value())) {
                problems.at(many.keyNode(), path, noTargets());
                return;
            }
            List<Node> items = reader.sequence(many.value(), path, "targets (provider/model or {provider, model})");
            if (items != null) {
                readTargetList(targets, items, many.keyNode(), path, kind);
            }
        } else {
            problems.at(m.owner(), m.path(), noTargets());
        }
    }

    private void readTargetList(List<TargetConfig> targets, List<Node> items, Node owner, String path,
                                AliasKind kind) {
        if (items.isEmpty()) {
            problems.at(owner, path, noTargets());
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            addTarget(targets, items.get(i), path + "[" + i + "]", kind);
        }
    }

    private void addTarget(List<TargetConfig> targets, Node node, String path, AliasKind kind) {
        TargetConfig t = readTarget(node, path);
        if (t != null && checkProvider(t, node, path, kind)) {
            targets.add(t);
        }
    }

    private TargetConfig readTarget(Node node, String path) {
        if (node instanceof ScalarNode) {
            String text = reader.text(node, path);
            if (text == null) {
                if (ValueReader.isNull(node)) {
                    problems.at(node, path, "target is empty; " + TARGET_FORMS);
                }
                return null;
            }
            String s = text.strip();
            int slash = s.indexOf('/');
            if (slash <= 0 || slash == s.length() - 1) {
                problems.at(node, path, "'" + s + "' is not a target; " + TARGET_FORMS);
                return null;
            }
            return new TargetConfig(s.substring(0, slash).strip(), s.substring(slash + 1).strip());
        }
        if (!(node instanceof MappingNode mappingNode)) {
            problems.at(node, path, "expected a target, got " + ValueReader.describe(node) + "; " + TARGET_FORMS);
            return null;
        }
        YamlMapping m = YamlMapping.of(mappingNode, path, node, problems);
        m.rejectUnknown(TARGET_KEYS);
        String provider = required(m, "provider");
        String model = required(m, "model");
        int weight = reader.optional(m, "weight", t -> ValueParsers.intBetween(t, "weight", 0, 1_000_000), 1);
        String tier = reader.optional(m, "tier", t -> {
            String v = t.strip().toLowerCase(java.util.Locale.ROOT);
            if (!TIERS.contains(v)) {
                throw new IllegalArgumentException("unknown tier '" + t.strip() + "'; valid: " + String.join(", ", TIERS)
                        + DidYouMean.suffix(t.strip(), TIERS));
            }
            return v;
        }, null);
        String region = reader.optional(m, "region", t -> ValueParsers.nonBlank(t, "region"), null);
        int window = reader.optional(m, "context_window", t -> ValueParsers.intBetween(t, "context_window", 1, 100_000_000), 0);
        TargetTimeouts timeouts = readTimeouts(m);
        return provider == null || model == null ? null
                : new TargetConfig(provider, model, weight, tier, region, window, timeouts);
    }

    private TargetTimeouts readTimeouts(YamlMapping target) {
        YamlMapping.Entry e = target.get("timeouts");
        if (e == null) {
            return TargetTimeouts.NONE;
        }
        YamlMapping m = reader.mapping(e.value(), target.childPath("timeouts"), e.keyNode(),
                "time limits (" + String.join(", ", TIMEOUT_KEYS) + ")");
        if (m == null) {
            return TargetTimeouts.NONE;
        }
        m.rejectUnknown(TIMEOUT_KEYS);
        return new TargetTimeouts(reader.optional(m, "connect", ValueParsers::duration, null), reader.optional(m, "first_token", ValueParsers::duration, null),
                reader.optional(m, "idle", ValueParsers::duration, null), reader.optional(m, "total", ValueParsers::duration, null));
    }

    private String required(YamlMapping m, String key) {
        YamlMapping.Entry e = m.get(key);
        if (e == null) {
            problems.at(m.owner(), m.path(), "missing '" + key + "'; " + TARGET_FORMS);
            return null;
        }
        String text = reader.text(e.value(), m.childPath(key));
        if (text == null && ValueReader.isNull(e.value()) || text != null && text.isBlank()) {
            problems.at(e.value(), m.childPath(key), key + " is empty");
            return null;
        }
        return text == null ? null : text.strip();
    }

    /** The provider exists; the local provider only serves embedding aliases. */
    private boolean checkProvider(TargetConfig t, Node node, String path, AliasKind kind) {
        Node at = node;
        String where = path;
        if (node instanceof MappingNode mapping) {
            for (var tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals("provider")) {
                    at = tuple.getValueNode();
                    where = path + ".provider";
                }
            }
        }
        if (!providers.names().contains(t.provider())) {
            problems.at(at, where, "unknown provider '" + t.provider() + "'; known providers: "
                    + String.join(", ", providers.names()) + DidYouMean.suffix(t.provider(), providers.names()));
            return false;
        }
        ProviderConfig p = providers.valid().get(t.provider());
        if (kind != AliasKind.CHAT && p != null && p.type() == ProviderType.EXTRACTIVE) {
            problems.at(at, where, "provider '" + t.provider() + "' is the extractive answerer and serves only chat"
                    + " aliases; remove 'type: embedding' or pick another provider");
            return false;
        }
        if (kind == AliasKind.CHAT && p != null && p.type() == ProviderType.LOCAL) {
            problems.at(at, where, "provider '" + t.provider() + "' runs in-process and serves only embedding"
                    + " aliases; add 'type: embedding' to this alias or pick another provider");
            return false;
        }
        return true;
    }

    private static String noTargets() {
        return "alias has no targets; add at least one, as in 'targets: [openai/gpt-4o]'";
    }
}
