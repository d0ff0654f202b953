package dev.paved.server.config;

import dev.paved.core.Pricing;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Reads {@code pricing:}: US dollars per million tokens, keyed by model ({@code gpt-4o-mini}) or by
 * {@code provider/model}. {@code input} and {@code output} are required; {@code cached} and
 * {@code cache_write} default to the input price.
 */
final class PricingSection {
    static final List<String> PRICE_KEYS = List.of("input", "output", "cached", "cache_write");

    private PricingSection() {
    }

    static Map<String, Pricing> read(YamlMapping.Entry section, SortedSet<String> providerNames, ValueReader reader) {
        Map<String, Pricing> result = new LinkedHashMap<>();
        YamlMapping pricing = section == null ? null : reader.mapping(section.value(), "pricing", section.keyNode(),
                "model names to prices (input, output, cached, cache_write)");
        if (pricing == null) {
            return result;
        }
        Problems problems = reader.problems();
        for (YamlMapping.Entry e : pricing.entries()) {
            int before = problems.count();
            String path = pricing.childPath(e.key());
            checkProviderPrefix(e, path, providerNames, problems);
            YamlMapping m = reader.mapping(e.value(), path, e.keyNode(), "prices (input, output, cached, cache_write)");
            if (m == null) {
                continue;
            }
            m.rejectUnknown(PRICE_KEYS);
            BigDecimal input = price(m, "input", true, reader);
            BigDecimal output = price(m, "output", true, reader);
            BigDecimal cached = price(m, "cached", false, reader);
            BigDecimal cacheWrite = price(m, "cache_write", false, reader);
            if (problems.count() == before) {
                result.put(e.key(), new Pricing(input, output, cached, cacheWrite));
            }
        }
        return result;
    }

    private static BigDecimal price(YamlMapping m, String key, boolean required, ValueReader reader) {
        YamlMapping.Entry e = m.get(key);
        if (e == null || ValueReader.isNull(e.value())) {
            if (required) {
                reader.problems().at(e == null ? m.owner() : e.value(), e == null ? m.path() : m.childPath(key),
                        "missing '" + key + "' price (US dollars per 1M tokens)");
            }
            return null;
        }
        return reader.parse(e.value(), m.childPath(key), ValueParsers::price);
    }

    /**
     * A key like {@code anthropc/claude-sonnet-4-5} would silently never match. Model names may contain
     * '/' themselves ({@code meta-llama/Llama-3.1-8B}), so only a prefix that is a near miss of a known
     * provider is reported.
     */
    private static void checkProviderPrefix(YamlMapping.Entry e, String path, SortedSet<String> providers,
                                            Problems problems) {
        int slash = e.key().indexOf('/');
        if (slash <= 0) {
            return;
        }
        String prefix = e.key().substring(0, slash);
        if (providers.contains(prefix)) {
            return;
        }
        Optional<String> near = DidYouMean.closest(prefix, providers);
        if (near.isPresent() && prefix.length() > 3) {
            problems.at(e.keyNode(), path, "unknown provider '" + prefix + "' in pricing key; known providers: "
                    + String.join(", ", providers) + " (did you mean '" + near.get() + "'?)");
        }
    }
}
