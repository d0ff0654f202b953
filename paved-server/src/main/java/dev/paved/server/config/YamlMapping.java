package dev.paved.server.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The keys of one YAML mapping with their nodes, in file order. Reports duplicate and non-scalar keys while
 * it is built and resolves merge keys ({@code <<: *defaults}); keys written explicitly win over merged ones.
 */
final class YamlMapping {
    /** One key and its value; {@code keyNode} carries the key's line and column. */
    record Entry(String key, Node keyNode, Node value) {
    }

    private final String path;
    private final Node owner;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Problems problems;

    private YamlMapping(String path, Node owner, Problems problems) {
        this.path = path;
        this.owner = owner;
        this.problems = problems;
    }

    /**
     * @param path  where the mapping sits ({@code providers.openai}), empty for the document root
     * @param owner the node a "missing key" problem points at: the key naming this mapping, or the mapping
     */
    static YamlMapping of(MappingNode node, String path, Node owner, Problems problems) {
        YamlMapping m = new YamlMapping(path, owner, problems);
        m.read(node, Collections.newSetFromMap(new IdentityHashMap<>()));
        return m;
    }

    /** A mapping with no keys, for a key written with no value ({@code openai:}). */
    static YamlMapping empty(String path, Node owner, Problems problems) {
        return new YamlMapping(path, owner, problems);
    }

    String path() {
        return path;
    }

    Node owner() {
        return owner;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The entry for {@code key}, or null. */
    Entry get(String key) {
        return entries.get(key);
    }

    Collection<Entry> entries() {
        return entries.values();
    }

    /** Reports every key not in {@code allowed}, suggesting the closest allowed one. */
    void rejectUnknown(List<String> allowed) {
        for (Entry e : entries.values()) {
            if (!allowed.contains(e.key())) {
                problems.at(e.keyNode(), childPath(e.key()), "unknown key '" + e.key() + "'; valid keys: "
                        + String.join(", ", allowed) + DidYouMean.suffix(e.key(), allowed));
            }
        }
    }

    private void read(MappingNode node, Set<Node> visiting) {
        visiting.add(node);
        List<Node> mergeSources = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                mergeSources.add(tuple.getValueNode());
            } else if (!(keyNode instanceof ScalarNode scalar)) {
                problems.at(keyNode, path, "keys must be plain names, not a list or mapping");
            } else if (scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank()) {
                problems.at(keyNode, path, "empty key; write a name before the ':'");
            } else {
                String key = scalar.getValue();
                Entry first = entries.get(key);
                if (first != null) {
                    problems.at(keyNode, childPath(key), "duplicate key '" + key + "'; it is already defined at line "
                            + (first.keyNode().getStartMark().getLine() + 1) + "; remove one of them");
                } else {
                    entries.put(key, new Entry(key, keyNode, tuple.getValueNode()));
                }
            }
        }
        for (Node source : mergeSources) {
            merge(source, visiting);
        }
        visiting.remove(node);
    }

    private void merge(Node source, Set<Node> visiting) {
        if (source instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                merge(item, visiting);
            }
        } else if (source instanceof MappingNode mapping) {
            if (visiting.contains(mapping)) {
                problems.at(source, path, "'<<' merges a mapping into itself");
                return;
            }
            YamlMapping inherited = new YamlMapping(path, owner, problems);
            inherited.read(mapping, visiting);
            for (Entry e : inherited.entries.values()) {
                entries.putIfAbsent(e.key(), e);
            }
        } else {
            problems.at(source, path, "'<<' must refer to a mapping, as in '<<: *defaults'");
        }
    }
}
