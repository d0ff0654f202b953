package dev.paved.server.config;

import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values out of YAML nodes: substitutes {@code ${VAR}} in scalars, checks node kinds and reports
 * every failure at the node's line and column. Methods return null when a value is absent or wrong.
 */
final class ValueReader {
    private final Problems problems;
    private final EnvSubstitution substitution;

    ValueReader(Problems problems, EnvSubstitution substitution) {
        this.problems = problems;
        this.substitution = substitution;
    }

    Problems problems() {
        return problems;
    }

    /** True for a missing value: {@code key:} or {@code key: ~}. */
    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
    }

    /** The scalar's text after substitution; null when absent, not a scalar, or substitution failed. */
    String text(Node node, String path) {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problems.at(node, path, "expected a single value, got " + describe(node));
            return null;
        }
        EnvSubstitution.Result r = substitution.apply(scalar.getValue());
        if (!r.ok()) {
            for (String error : r.errors()) {
                problems.at(node, path, error);
            }
            return null;
        }
        return r.value();
    }

    /** The text converted by {@code parser}, whose {@link IllegalArgumentException} becomes a problem. */
    <T> T parse(Node node, String path, Function<String, T> parser) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.at(node, path, e.getMessage());
            return null;
        }
    }

    /** The value under {@code key} in {@code m} converted by {@code parser}; {@code fallback} when absent or wrong (reported). */
    <T> T optional(YamlMapping m, String key, Function<String, T> parser, T fallback) {
        YamlMapping.Entry e = m.get(key);
        if (e == null) {
            return fallback;
        }
        T v = parse(e.value(), m.childPath(key), parser);
        return v == null ? fallback : v;
    }

    /**
     * The node as a mapping: an empty one for a missing value, null (reported) for anything else.
     *
     * @param expected what the mapping holds, for the message: "provider settings (type, base_url, …)"
     */
    YamlMapping mapping(Node node, String path, Node owner, String expected) {
        if (isNull(node)) {
            return YamlMapping.empty(path, owner, problems);
        }
        if (node instanceof MappingNode m) {
            return YamlMapping.of(m, path, owner, problems);
        }
        problems.at(node, path, "expected a mapping of " + expected + ", got " + describe(node));
        return null;
    }

    /** The items of a list; null (reported) when the node is not a list. */
    List<Node> sequence(Node node, String path, String expected) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problems.at(node, path, "expected a list of " + expected + ", got " + describe(node));
        return null;
    }

    /** "a mapping", "a list", "a number", … — never the value itself, which may be a secret. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "nothing";
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "a number";
        }
        if (tag.equals(Tag.BOOL)) {
            return "true/false";
        }
        return "a string";
    }
}
