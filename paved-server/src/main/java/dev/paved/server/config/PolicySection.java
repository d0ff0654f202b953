package dev.paved.server.config;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.policy.Budget;
import dev.paved.gateway.policy.PolicyConfig;
import dev.paved.gateway.policy.RateLimits;
import dev.paved.gateway.policy.TenantRule;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the traffic policy: {@code limits:} (rates and concurrency per tenant and key), {@code budgets:}
 * (dollars per day and month per tenant, key and feature, with {@code soft_at} and {@code degrade_to}) and
 * {@code tenants:} (home region and allowed aliases). Tenants are named by tenant name, keys by key id.
 */
final class PolicySection {
    static final List<String> LIMIT_SECTION_KEYS = List.of("tenant", "key", "tenants", "keys");
    static final List<String> LIMIT_KEYS = List.of("requests_per_minute", "tokens_per_minute", "concurrent_requests", "concurrent_streams",
            "batch_concurrent_requests", "batch_concurrent_streams");
    static final List<String> BUDGET_SECTION_KEYS = List.of("soft_at", "tenant", "key", "feature", "tenants", "keys", "features", "degrade_to");
    static final List<String> BUDGET_KEYS = List.of("daily_usd", "monthly_usd", "soft_at");
    static final List<String> TENANT_KEYS = List.of("region", "allowed_aliases");
    /** What a tenant name may be (as the tenant store enforces it). */
    static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern KEY_ID = Pattern.compile("key_[A-Za-z0-9]+");
    private static final Pattern FEATURE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final ValueReader reader;
    private final Problems problems;
    private final Map<String, AliasConfig> aliases;

    private PolicySection(ValueReader reader, Map<String, AliasConfig> aliases) {
        this.reader = reader;
        this.problems = reader.problems();
        this.aliases = aliases;
    }

    static PolicyConfig read(YamlMapping.Entry limits, YamlMapping.Entry budgets, YamlMapping.Entry tenants, Map<String, AliasConfig> aliases,
                             ValueReader reader) {
        PolicySection s = new PolicySection(reader, aliases);
        YamlMapping l = s.mapping(limits, "limits", "limits (" + String.join(", ", LIMIT_SECTION_KEYS) + ")", LIMIT_SECTION_KEYS);
        YamlMapping b = s.mapping(budgets, "budgets", "budgets (" + String.join(", ", BUDGET_SECTION_KEYS) + ")", BUDGET_SECTION_KEYS);
        YamlMapping t = s.mapping(tenants, "tenants", "tenant names to their rules (region, allowed_aliases)", null);
        BigDecimal softAt = b == null ? null : s.fraction(b, "soft_at");
        return new PolicyConfig(
                s.limits(l, "tenant"), s.limits(l, "key"),
                s.named(l, "tenants", TENANT_NAME, "tenant names (a-z, 0-9, '-', '_')", LIMIT_KEYS, s::limits),
                s.named(l, "keys", KEY_ID, "key ids (key_...)", LIMIT_KEYS, s::limits),
                s.budget(b, "tenant"), s.budget(b, "key"), s.budget(b, "feature"),
                s.named(b, "tenants", TENANT_NAME, "tenant names (a-z, 0-9, '-', '_')", BUDGET_KEYS, s::budget),
                s.named(b, "keys", KEY_ID, "key ids (key_...)", BUDGET_KEYS, s::budget),
                s.named(b, "features", FEATURE_ID, "feature ids", BUDGET_KEYS, s::budget),
                softAt, s.degradeTo(b), s.tenantRules(t));
    }

    private YamlMapping mapping(YamlMapping.Entry e, String path, String expected, List<String> allowed) {
        if (e == null) {
            return null;
        }
        YamlMapping m = reader.mapping(e.value(), path, e.keyNode(), expected);
        if (m != null && allowed != null) {
            m.rejectUnknown(allowed);
        }
        return m;
    }

    private YamlMapping child(YamlMapping parent, String key, String expected, List<String> allowed) {
        if (parent == null) {
            return null;
        }
        YamlMapping.Entry e = parent.get(key);
        if (e == null) {
            return null;
        }
        YamlMapping m = reader.mapping(e.value(), parent.childPath(key), e.keyNode(), expected);
        if (m != null && allowed != null) {
            m.rejectUnknown(allowed);
        }
        return m;
    }

    private RateLimits limits(YamlMapping parent, String key) {
        return limits(child(parent, key, "limits (" + String.join(", ", LIMIT_KEYS) + ")", LIMIT_KEYS));
    }

    private RateLimits limits(YamlMapping m) {
        if (m == null) {
            return RateLimits.NONE;
        }
        return new RateLimits(count(m, "requests_per_minute"), count(m, "tokens_per_minute"), count(m, "concurrent_requests"),
                count(m, "concurrent_streams"), count(m, "batch_concurrent_requests"), count(m, "batch_concurrent_streams"));
    }

    private Budget budget(YamlMapping parent, String key) {
        return budget(child(parent, key, "budget caps (" + String.join(", ", BUDGET_KEYS) + ")", BUDGET_KEYS));
    }

    private Budget budget(YamlMapping m) {
        if (m == null) {
            return Budget.NONE;
        }
        return new Budget(usd(m, "daily_usd"), usd(m, "monthly_usd"), fraction(m, "soft_at"));
    }

    /** Overrides by name: each entry's key must match {@code pattern}, its value is read by {@code read}. */
    private <T> Map<String, T> named(YamlMapping parent, String key, Pattern pattern, String what, List<String> allowed,
                                     Function<YamlMapping, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        YamlMapping m = child(parent, key, what + " to their settings", null);
        if (m == null) {
            return out;
        }
        for (YamlMapping.Entry e : m.entries()) {
            String path = m.childPath(e.key());
            if (!pattern.matcher(e.key()).matches()) {
                problems.at(e.keyNode(), path, "'" + e.key() + "' is not valid here; " + key + " are named by " + what);
                continue;
            }
            YamlMapping settings = reader.mapping(e.value(), path, e.keyNode(), "settings (" + String.join(", ", allowed) + ")");
            if (settings != null) {
                settings.rejectUnknown(allowed);
                out.put(e.key(), read.apply(settings));
            }
        }
        return out;
    }

    private Map<String, String> degradeTo(YamlMapping budgets) {
        Map<String, String> out = new LinkedHashMap<>();
        YamlMapping m = child(budgets, "degrade_to", "aliases to the cheaper alias used past a soft threshold", null);
        if (m == null) {
            return out;
        }
        for (YamlMapping.Entry e : m.entries()) {
            String path = m.childPath(e.key());
            AliasConfig from = knownAlias(e.key(), e.keyNode(), path);
            String to = reader.text(e.value(), path);
            if (to == null) {
                if (ValueReader.isNull(e.value())) {
                    problems.at(e.keyNode(), path, "name the cheaper alias, as in '" + e.key() + ": <alias>'");
                }
                continue;
            }
            AliasConfig target = knownAlias(to.strip(), e.value(), path);
            if (from != null && target != null) {
                if (from.kind() != target.kind()) {
                    problems.at(e.value(), path, "'" + to.strip() + "' is a " + target.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + " alias; '" + e.key() + "' can only degrade to an alias of its own type");
                } else if (from.name().equals(target.name())) {
                    problems.at(e.value(), path, "an alias cannot degrade to itself");
                } else {
                    out.put(e.key(), target.name());
                }
            }
        }
        return out;
    }

    private Map<String, TenantRule> tenantRules(YamlMapping tenants) {
        Map<String, TenantRule> out = new LinkedHashMap<>();
        if (tenants == null) {
            return out;
        }
        for (YamlMapping.Entry e : tenants.entries()) {
            String path = tenants.childPath(e.key());
            if (!TENANT_NAME.matcher(e.key()).matches()) {
                problems.at(e.keyNode(), path, "'" + e.key() + "' is not a tenant name; tenants are named by 1-64 of a-z, 0-9, '-', '_'");
                continue;
            }
            YamlMapping m = reader.mapping(e.value(), path, e.keyNode(), "tenant rules (" + String.join(", ", TENANT_KEYS) + ")");
            if (m == null) {
                continue;
            }
            m.rejectUnknown(TENANT_KEYS);
            String region = null;
            YamlMapping.Entry r = m.get("region");
            if (r != null) {
                region = reader.parse(r.value(), m.childPath("region"), text -> ValueParsers.nonBlank(text, "region"));
            }
            Set<String> allowed = new LinkedHashSet<>();
            YamlMapping.Entry a = m.get("allowed_aliases");
            if (a != null && !ValueReader.isNull(a.value())) {
                List<Node> items = reader.sequence(a.value(), m.childPath("allowed_aliases"), "alias names");
                if (items != null) {
                    for (int i = 0; i < items.size(); i++) {
                        String p = m.childPath("allowed_aliases") + "[" + i + "]";
                        String name = reader.text(items.get(i), p);
                        if (name != null && knownAlias(name.strip(), items.get(i), p) != null) {
                            allowed.add(name.strip());
                        }
                    }
                }
            }
            out.put(e.key(), new TenantRule(region, allowed));
        }
        return out;
    }

    private AliasConfig knownAlias(String name, Node at, String path) {
        AliasConfig a = aliases.get(name);
        if (a == null) {
            problems.at(at, path, "unknown alias '" + name + "'; defined aliases: " + String.join(", ", aliases.keySet().stream().sorted().toList())
                    + DidYouMean.suffix(name, aliases.keySet()));
        }
        return a;
    }

    private Long count(YamlMapping m, String key) {
        YamlMapping.Entry e = m.get(key);
        if (e == null || ValueReader.isNull(e.value())) {
            return null;
        }
        return reader.parse(e.value(), m.childPath(key), ValueParsers::positiveCount);
    }

    private BigDecimal usd(YamlMapping m, String key) {
        YamlMapping.Entry e = m.get(key);
        if (e == null || ValueReader.isNull(e.value())) {
            return null;
        }
        return reader.parse(e.value(), m.childPath(key), ValueParsers::usd);
    }

    private BigDecimal fraction(YamlMapping m, String key) {
        YamlMapping.Entry e = m.get(key);
        if (e == null || ValueReader.isNull(e.value())) {
            return null;
        }
        return reader.parse(e.value(), m.childPath(key), ValueParsers::fraction);
    }
}
