package dev.paved.server.config;

import dev.paved.guard.Action;
import dev.paved.guard.Stage;
import dev.paved.guard.config.GuardPolicy;
import dev.paved.guard.config.GuardrailsConfig;
import dev.paved.guard.config.ScannerFactory;
import dev.paved.guard.config.ScannerSpec;
import dev.paved.guard.retrieved.ChunkPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code guardrails:}: the master switch, the APIs checked, the default policy (scanners per stage),
 * and per-tenant policies with per-feature overrides. Every scanner is built once here so a bad option is
 * reported with its line and column at start-up, not on the first request.
 */
final class GuardrailsSection {
    private static final Pattern TENANT_ID = Pattern.compile("tn_[A-Za-z0-9]+");
    private static final Pattern TENANT_NAME = PolicySection.TENANT_NAME;
    static final List<String> KEYS = List.of("enabled", "apis", "input", "retrieved", "output", "reversible", "retrieved_policy", "features",
            "tenants");
    static final List<String> POLICY_KEYS = List.of("input", "retrieved", "output", "reversible", "retrieved_policy");
    static final List<String> TENANT_KEYS = List.of("input", "retrieved", "output", "reversible", "retrieved_policy", "features");

    private GuardrailsSection() {
    }

    static GuardrailsConfig read(YamlMapping.Entry section, ValueReader reader) {
        if (section == null) {
            return GuardrailsConfig.disabled();
        }
        YamlMapping g = reader.mapping(section.value(), "guardrails", section.keyNode(),
                "guardrail settings (" + String.join(", ", KEYS) + ")");
        if (g == null) {
            return GuardrailsConfig.disabled();
        }
        g.rejectUnknown(KEYS);
        Boolean enabled = bool(g, "enabled", reader);
        Set<String> apis = apis(g, reader);
        GuardPolicy defaults = policy(g, reader);
        Map<String, GuardrailsConfig.TenantPolicy> tenants = new LinkedHashMap<>();
        YamlMapping.Entry t = g.get("tenants");
        YamlMapping tm = t == null ? null : reader.mapping(t.value(), g.childPath("tenants"), t.keyNode(), "tenants (id or name) to their policies");
        if (tm != null) {
            for (YamlMapping.Entry e : tm.entries()) {
                String path = tm.childPath(e.key());
                if (!TENANT_ID.matcher(e.key()).matches() && !TENANT_NAME.matcher(e.key()).matches()) {
                    reader.problems().at(e.keyNode(), path, "'" + e.key() + "' is neither a tenant id (tn_...) nor a tenant name (1-64 of a-z, 0-9, "
                            + "'-', '_'); use a name or id shown by 'paved tenants list'");
                }
                YamlMapping tp = reader.mapping(e.value(), path, e.keyNode(), "a tenant policy (" + String.join(", ", TENANT_KEYS) + ")");
                if (tp == null) {
                    continue;
                }
                tp.rejectUnknown(TENANT_KEYS);
                tenants.put(e.key(), new GuardrailsConfig.TenantPolicy(policy(tp, reader), features(tp, reader)));
            }
        }
        return new GuardrailsConfig(enabled == null || enabled, apis, defaults, features(g, reader), tenants);
    }

    private static Map<String, GuardPolicy> features(YamlMapping m, ValueReader reader) {
        Map<String, GuardPolicy> features = new LinkedHashMap<>();
        YamlMapping.Entry f = m.get("features");
        YamlMapping fm = f == null ? null : reader.mapping(f.value(), m.childPath("features"), f.keyNode(), "feature ids to their policies");
        if (fm != null) {
            for (YamlMapping.Entry fe : fm.entries()) {
                YamlMapping fp = reader.mapping(fe.value(), fm.childPath(fe.key()), fe.keyNode(),
                        "a feature policy (" + String.join(", ", POLICY_KEYS) + ")");
                if (fp != null) {
                    fp.rejectUnknown(POLICY_KEYS);
                    features.put(fe.key(), policy(fp, reader));
                }
            }
        }
        return features;
    }

    private static Set<String> apis(YamlMapping g, ValueReader reader) {
        YamlMapping.Entry e = g.get("apis");
        if (e == null) {
            return Set.copyOf(GuardrailsConfig.APIS);
        }
        Set<String> out = new LinkedHashSet<>();
        List<Node> items = reader.sequence(e.value(), g.childPath("apis"), "APIs (" + String.join(", ", GuardrailsConfig.APIS) + ")");
        if (items != null) {
            for (Node n : items) {
                String api = reader.text(n, g.childPath("apis"));
                if (api != null && !GuardrailsConfig.APIS.contains(api)) {
                    reader.problems().at(n, g.childPath("apis"), "unknown API '" + api + "'; valid: " + String.join(", ", GuardrailsConfig.APIS));
                } else if (api != null) {
                    out.add(api);
                }
            }
        }
        return out;
    }

    private static GuardPolicy policy(YamlMapping m, ValueReader reader) {
        Map<Stage, Map<String, ScannerSpec>> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            YamlMapping.Entry e = m.get(stage.id());
            if (e == null) {
                continue;
            }
            YamlMapping sm = reader.mapping(e.value(), m.childPath(stage.id()), e.keyNode(), "scanner names to their settings");
            if (sm == null) {
                continue;
            }
            Map<String, ScannerSpec> specs = new LinkedHashMap<>();
            for (YamlMapping.Entry se : sm.entries()) {
                ScannerSpec spec = scanner(stage, se, sm.childPath(se.key()), reader);
                if (spec != null) {
                    specs.put(se.key(), spec);
                }
            }
            stages.put(stage, specs);
        }
        Boolean reversible = bool(m, "reversible", reader);
        ChunkPolicy retrieved = null;
        YamlMapping.Entry rp = m.get("retrieved_policy");
        if (rp != null) {
            retrieved = reader.parse(rp.value(), m.childPath("retrieved_policy"), ChunkPolicy::parse);
        }
        return new GuardPolicy(stages, reversible, retrieved);
    }

    /** {@code name: {action, threshold, enabled, …options}}, {@code name: on|off}, or {@code name:} for the defaults. */
    private static ScannerSpec scanner(Stage stage, YamlMapping.Entry e, String path, ValueReader reader) {
        String name = e.key();
        Node v = e.value();
        ScannerSpec spec;
        if (ValueReader.isNull(v)) {
            spec = ScannerSpec.on(name);
        } else if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            spec = Boolean.parseBoolean(s.getValue()) ? ScannerSpec.on(name) : ScannerSpec.off(name);
        } else {
            YamlMapping sm = reader.mapping(v, path, e.keyNode(), "scanner settings (action, threshold, enabled and the scanner's options)");
            if (sm == null) {
                return null;
            }
            boolean enabled = true;
            Action action = null;
            Double threshold = null;
            Map<String, Object> options = new LinkedHashMap<>();
            for (YamlMapping.Entry o : sm.entries()) {
                String p = sm.childPath(o.key());
                switch (o.key()) {
                    case "enabled" -> {
                        Boolean b = reader.parse(o.value(), p, GuardrailsSection::parseBool);
                        enabled = b == null || b;
                    }
                    case "action" -> action = reader.parse(o.value(), p, Action::parse);
                    case "threshold" -> threshold = reader.parse(o.value(), p, GuardrailsSection::parseThreshold);
                    default -> options.put(o.key(), plain(o.value(), p, reader));
                }
            }
            spec = new ScannerSpec(name, enabled, action, threshold, options);
        }
        if (spec.enabled()) {
            try {
                if (name.equals("json_schema") && stage == Stage.OUTPUT) {
                    ScannerFactory.jsonSchema(spec);
                } else {
                    ScannerFactory.build(stage, spec);
                }
            } catch (IllegalArgumentException ex) {
                reader.problems().at(e.keyNode(), path, ex.getMessage());
                return null;
            }
        }
        return spec;
    }

    /** A YAML value as plain Java: String, Long, Double, Boolean, List or Map (keys as strings). */
    private static Object plain(Node n, String path, ValueReader reader) {
        if (ValueReader.isNull(n)) {
            return null;
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                out.add(plain(item, path, reader));
            }
            return out;
        }
        if (n instanceof MappingNode) {
            YamlMapping m = reader.mapping(n, path, n, "settings");
            Map<String, Object> out = new LinkedHashMap<>();
            if (m != null) {
                for (YamlMapping.Entry e : m.entries()) {
                    out.put(e.key(), plain(e.value(), m.childPath(e.key()), reader));
                }
            }
            return out;
        }
        String text = reader.text(n, path);
        if (text == null) {
            return null;
        }
        Tag tag = n.getTag();
        try {
            if (tag.equals(Tag.INT)) {
                return Long.parseLong(text.replace("_", ""));
            }
            if (tag.equals(Tag.FLOAT)) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            return text;
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }

    private static Boolean bool(YamlMapping m, String key, ValueReader reader) {
        YamlMapping.Entry e = m.get(key);
        return e == null ? null : reader.parse(e.value(), m.childPath(key), GuardrailsSection::parseBool);
    }

    private static Boolean parseBool(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + s + "'");
        };
    }

    private static Double parseThreshold(String s) {
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold must be a number between 0 and 1, got '" + s + "'");
        }
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + s);
        }
        return d;
    }
}
