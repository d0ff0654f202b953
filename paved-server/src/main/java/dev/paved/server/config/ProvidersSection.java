package dev.paved.server.config;

import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads {@code providers:}; the in-process {@code local} provider is added unless the file defines it. */
final class ProvidersSection {
    static final List<String> REMOTE_KEYS = List.of("type", "base_url", "api_key", "api_version", "headers", "timeout");
    static final List<String> LOCAL_KEYS = List.of("type", "timeout");
    static final List<String> TYPE_IDS = Arrays.stream(ProviderType.values()).map(ProviderType::id).sorted().toList();

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    // RFC 9110 token characters.
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * @param valid providers read without problems, by name
     * @param names every provider name written in the file plus {@code local}, sorted; alias targets may name
     *              a provider that had problems without being reported a second time
     */
    record Result(Map<String, ProviderConfig> valid, SortedSet<String> names) {
    }

    private ProvidersSection() {
    }

    static Result read(YamlMapping.Entry section, ValueReader reader) {
        Map<String, ProviderConfig> valid = new LinkedHashMap<>();
        SortedSet<String> names = new TreeSet<>();
        YamlMapping providers = section == null ? null : reader.mapping(section.value(), "providers",
                section.keyNode(), "provider names to provider settings");
        if (providers != null) {
            for (YamlMapping.Entry e : providers.entries()) {
                names.add(e.key());
                ProviderConfig p = readOne(e, providers.childPath(e.key()), reader);
                if (p != null) {
                    valid.put(e.key(), p);
                }
            }
        }
        if (names.add(BuiltIns.LOCAL_PROVIDER)) {
            valid.put(BuiltIns.LOCAL_PROVIDER, BuiltIns.localProvider());
        }
        if (names.add(BuiltIns.EXTRACTIVE)) {
            valid.put(BuiltIns.EXTRACTIVE, BuiltIns.extractiveProvider());
        }
        return new Result(valid, names);
    }

    private static ProviderConfig readOne(YamlMapping.Entry e, String path, ValueReader reader) {
        Problems problems = reader.problems();
        int before = problems.count();
        String name = e.key();
        if (!NAME.matcher(name).matches()) {
            problems.at(e.keyNode(), path, "provider names may contain only letters, digits, '.', '_' and '-'");
        }
        YamlMapping m = reader.mapping(e.value(), path, e.keyNode(), "provider settings (type, base_url, api_key, ...)");
        if (m == null) {
            return null;
        }
        ProviderType type = readType(m, reader);
        if (name.equals(BuiltIns.LOCAL_PROVIDER) && type != null && type != ProviderType.LOCAL) {
            problems.at(m.get("type").value(), m.childPath("type"), "the name 'local' is reserved for Paved's"
                    + " in-process provider; rename this provider, or set type: local");
        }
        if (name.equals(BuiltIns.EXTRACTIVE) && type != null && type != ProviderType.EXTRACTIVE) {
            problems.at(m.get("type").value(), m.childPath("type"), "the name 'extractive' is reserved for Paved's"
                    + " extractive answerer; rename this provider, or set type: extractive");
        }
        Duration timeout = m.get("timeout") == null ? null
                : reader.parse(m.get("timeout").value(), m.childPath("timeout"), ValueParsers::duration);
        if (type == ProviderType.LOCAL || type == ProviderType.EXTRACTIVE) {
            rejectRemoteKeys(m, problems);
            return problems.count() == before
                    ? new ProviderConfig(name, type, null, null, null, Map.of(), timeout) : null;
        }
        m.rejectUnknown(REMOTE_KEYS);
        URI baseUrl = readBaseUrl(m, type, reader);
        String apiKey = headerSafe(m, "api_key", reader);
        String apiVersion = headerSafe(m, "api_version", reader);
        Map<String, String> headers = readHeaders(m, reader);
        if (problems.count() != before || type == null) {
            return null;
        }
        return new ProviderConfig(name, type, baseUrl, apiKey, apiVersion, headers, timeout);
    }

    private static ProviderType readType(YamlMapping m, ValueReader reader) {
        YamlMapping.Entry e = m.get("type");
        if (e == null) {
            reader.problems().at(m.owner(), m.path(), "missing 'type'; use one of: " + String.join(", ", TYPE_IDS));
            return null;
        }
        String path = m.childPath("type");
        String text = reader.text(e.value(), path);
        if (text == null || text.isBlank()) {
            if (text != null || ValueReader.isNull(e.value())) {
                reader.problems().at(e.value(), path, "type is empty; use one of: " + String.join(", ", TYPE_IDS));
            }
            return null;
        }
        String id = text.strip();
        try {
            return ProviderType.parse(id);
        } catch (IllegalArgumentException ex) {
            reader.problems().at(e.value(), path, "unknown provider type '" + id + "'; valid types: "
                    + String.join(", ", TYPE_IDS) + DidYouMean.suffix(id, TYPE_IDS));
            return null;
        }
    }

    private static void rejectRemoteKeys(YamlMapping m, Problems problems) {
        for (YamlMapping.Entry e : m.entries()) {
            if (LOCAL_KEYS.contains(e.key())) {
                continue;
            }
            String message = REMOTE_KEYS.contains(e.key())
                    ? "'" + e.key() + "' does not apply to an in-process provider, which runs inside Paved; remove it"
                    : "unknown key '" + e.key() + "'; valid keys for an in-process provider: " + String.join(", ", LOCAL_KEYS)
                            + DidYouMean.suffix(e.key(), LOCAL_KEYS);
            problems.at(e.keyNode(), m.childPath(e.key()), message);
        }
    }

    private static URI readBaseUrl(YamlMapping m, ProviderType type, ValueReader reader) {
        YamlMapping.Entry e = m.get("base_url");
        if (e == null || ValueReader.isNull(e.value())) {
            String example = type == null ? "" : "; for example " + exampleUrl(type);
            reader.problems().at(e == null ? m.owner() : e.keyNode(), e == null ? m.path() : m.childPath("base_url"),
                    "missing 'base_url'" + example);
            return null;
        }
        return reader.parse(e.value(), m.childPath("base_url"), ValueParsers::httpUrl);
    }

    private static String exampleUrl(ProviderType type) {
        return switch (type) {
            case OPENAI -> "https://api.openai.com/v1 (or http://127.0.0.1:11434/v1 for Ollama)";
            case ANTHROPIC -> "https://api.anthropic.com";
            case AZURE_OPENAI -> "https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT";
            case LOCAL, EXTRACTIVE -> "nothing (in-process providers take no URL)";
        };
    }

    /** An optional string sent in a header: blank means absent; line breaks would split the header. */
    private static String headerSafe(YamlMapping m, String key, ValueReader reader) {
        YamlMapping.Entry e = m.get(key);
        if (e == null) {
            return null;
        }
        String text = reader.text(e.value(), m.childPath(key));
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.strip();
        if (hasControlCharacter(s)) {
            reader.problems().at(e.value(), m.childPath(key), key + " contains a line break or control character");
            return null;
        }
        return s;
    }

    private static Map<String, String> readHeaders(YamlMapping m, ValueReader reader) {
        YamlMapping.Entry section = m.get("headers");
        if (section == null) {
            return Map.of();
        }
        YamlMapping headers = reader.mapping(section.value(), m.childPath("headers"), section.keyNode(),
                "header names to values");
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (YamlMapping.Entry h : headers.entries()) {
            String path = headers.childPath(h.key());
            if (!HEADER_NAME.matcher(h.key()).matches()) {
                reader.problems().at(h.keyNode(), path, "'" + h.key() + "' is not a valid HTTP header name");
                continue;
            }
            String lower = h.key().toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-length") || lower.equals("transfer-encoding")) {
                reader.problems().at(h.keyNode(), path, "header '" + h.key() + "' is set by Paved and cannot be"
                        + " configured");
                continue;
            }
            if (ValueReader.isNull(h.value())) {
                reader.problems().at(h.keyNode(), path, "header '" + h.key() + "' has no value");
                continue;
            }
            String value = reader.text(h.value(), path);
            if (value == null) {
                continue;
            }
            if (hasControlCharacter(value)) {
                reader.problems().at(h.value(), path, "header value contains a line break or control character");
                continue;
            }
            result.put(h.key(), value.strip());
        }
        return result;
    }

    private static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
    }
}
