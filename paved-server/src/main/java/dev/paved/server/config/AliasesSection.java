package dev.paved.server.config;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.config.TargetConfig;
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
    static final List<String> ALIAS_KEYS = List.of("type", "targets", "target");
    static final List<String> TARGET_KEYS = List.of("provider", "model");
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
        YamlMapping mapping = section == null ? null : reader.mapping(section.value(), "aliases", section.keyNode(),
                "alias names to targets");
        if (mapping != null) {
            for (YamlMapping.Entry e : mapping.entries()) {
                defaultDefined |= e.key().equals(BuiltIns.DEFAULT_EMBEDDING_MODEL);
                AliasConfig alias = s.readOne(e, mapping.childPath(e.key()));
                if (alias != null) {
                    aliases.put(e.key(), alias);
                }
            }
        }
        if (!defaultDefined) {
            aliases.put(BuiltIns.DEFAULT_EMBEDDING_MODEL, BuiltIns.defaultEmbeddingAlias());
        }
        return aliases;
    }

    private AliasConfig readOne(YamlMapping.Entry e, String path) {
        int before = problems.count();
        Node value = e.value();
        AliasKind kind = AliasKind.CHAT;
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
        }
        if (problems.count() != before || kind == null) {
            return null;
        }
        return new AliasConfig(e.key(), kind, targets);
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
        return provider == null || model == null ? null : new TargetConfig(provider, model);
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
