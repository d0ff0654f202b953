package dev.paved.server.config;

import dev.paved.gateway.config.AliasConfig;
import dev.paved.server.auth.jwt.JwtIssuer;
import dev.paved.server.auth.jwt.JwtSettings;
import dev.paved.server.auth.jwt.KeySource;
import dev.paved.server.auth.jwt.PemKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code auth:}: the JWT issuers each tenant trusts ({@code issuers:}, a list) and {@code token_cache_entries}. Each
 * issuer names its tenant, {@code iss}, audience, exactly one key source (a JWKS URL, a PEM public key, or an HMAC
 * secret from the environment), the claims to read and, for tokens that are the only credential, {@code token_only}.
 * One issuer and audience may be trusted by one tenant only, so a token can never be taken for another tenant's.
 */
final class AuthSection {
    static final List<String> KEYS = List.of("issuers", "token_cache_entries");
    static final List<String> ISSUER_KEYS = List.of("tenant", "issuer", "audience", "jwks_url", "jwks_cache_ttl", "public_key", "hmac_secret",
            "subject_claim", "groups_claim", "require_groups", "feature_claim", "clock_skew", "token_only");
    static final List<String> TOKEN_ONLY_KEYS = List.of("aliases", "feature");
    static final Pattern TENANT_ID = Pattern.compile("tn_[A-Za-z0-9]+");
    static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
    static final Duration MAX_SKEW = Duration.ofMinutes(10);
    static final Duration DEFAULT_JWKS_TTL = Duration.ofMinutes(5);

    private final Map<String, AliasConfig> aliases;
    private final ValueReader reader;

    private AuthSection(Map<String, AliasConfig> aliases, ValueReader reader) {
        this.aliases = aliases;
        this.reader = reader;
    }

    static JwtSettings read(YamlMapping.Entry section, Map<String, AliasConfig> aliases, ValueReader reader) {
        if (section == null) {
            return JwtSettings.none();
        }
        YamlMapping m = reader.mapping(section.value(), "auth", section.keyNode(), "authentication settings (" + String.join(", ", KEYS) + ")");
        if (m == null) {
            return JwtSettings.none();
        }
        m.rejectUnknown(KEYS);
        int cacheEntries = reader.optional(m, "token_cache_entries", t -> ValueParsers.intBetween(t, "token_cache_entries", 1, 10_000_000),
                JwtSettings.DEFAULT_CACHE_ENTRIES);
        List<JwtIssuer> issuers = new ArrayList<>();
        YamlMapping.Entry list = m.get("issuers");
        if (list != null && !ValueReader.isNull(list.value())) {
            List<Node> items = reader.sequence(list.value(), m.childPath("issuers"), "trusted issuers (tenant, issuer, audience, a key source)");
            if (items != null) {
                AuthSection s = new AuthSection(aliases, reader);
                Map<String, String> seen = new HashMap<>();
                for (int i = 0; i < items.size(); i++) {
                    String path = m.childPath("issuers") + "[" + i + "]";
                    JwtIssuer issuer = s.issuer(items.get(i), path);
                    if (issuer == null) {
                        continue;
                    }
                    String pair = issuer.issuer() + "\n" + issuer.audience();
                    String first = seen.putIfAbsent(pair, path);
                    if (first != null) {
                        reader.problems().at(items.get(i), path, "issuer '" + issuer.issuer() + "' with audience '" + issuer.audience()
                                + "' is already trusted at " + first + "; an issuer and audience belong to one tenant only, so give each"
                                + " tenant its own audience");
                        continue;
                    }
                    issuers.add(issuer);
                }
            }
        }
        return new JwtSettings(issuers, cacheEntries);
    }

    private JwtIssuer issuer(Node node, String path) {
        YamlMapping m = reader.mapping(node, path, node, "issuer settings (" + String.join(", ", ISSUER_KEYS) + ")");
        if (m == null) {
            return null;
        }
        m.rejectUnknown(ISSUER_KEYS);
        int before = reader.problems().count();
        String tenant = required(m, "tenant", "the tenant that trusts this issuer: its name or id (tn_…)", AuthSection::tenant);
        String iss = required(m, "issuer", "the exact 'iss' claim of the issuer's tokens", t -> ValueParsers.nonBlank(t, "issuer").strip());
        String audience = required(m, "audience", "the 'aud' the tokens must carry for Paved", t -> ValueParsers.nonBlank(t, "audience").strip());
        KeySource keys = keySource(m, path);
        String subject = reader.optional(m, "subject_claim", AuthSection::claim, JwtIssuer.DEFAULT_SUBJECT_CLAIM);
        String groups = reader.optional(m, "groups_claim", AuthSection::claim, JwtIssuer.DEFAULT_GROUPS_CLAIM);
        boolean requireGroups = reader.optional(m, "require_groups", ValueParsers::bool, false);
        String feature = reader.optional(m, "feature_claim", AuthSection::claim, null);
        Duration skew = reader.optional(m, "clock_skew", AuthSection::skew, JwtIssuer.DEFAULT_CLOCK_SKEW);
        JwtIssuer.TokenOnly tokenOnly = tokenOnly(m);
        if (reader.problems().count() != before || tenant == null || iss == null || audience == null || keys == null) {
            return null;
        }
        return new JwtIssuer(tenant, iss, audience, keys, subject, groups, feature, skew, requireGroups, tokenOnly);
    }

    private String required(YamlMapping m, String key, String what, java.util.function.Function<String, String> parser) {
        YamlMapping.Entry e = m.get(key);
        if (e == null || ValueReader.isNull(e.value())) {
            reader.problems().at(m.owner(), m.childPath(key), "missing '" + key + "': " + what);
            return null;
        }
        return reader.parse(e.value(), m.childPath(key), parser);
    }

    private KeySource keySource(YamlMapping m, String path) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("jwks_url", "public_key", "hmac_secret")) {
            if (m.get(k) != null) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            reader.problems().at(m.owner(), path, given.isEmpty()
                    ? "missing key source: set one of jwks_url (the issuer's JWKS), public_key (a PEM RSA or EC public key) or "
                    + "hmac_secret (\"${ENV_VAR}\" with a shared secret of 32+ bytes)"
                    : "set only one key source, not " + String.join(" and ", given));
            return null;
        }
        if (m.get("jwks_cache_ttl") != null && !given.contains("jwks_url")) {
            reader.problems().at(m.get("jwks_cache_ttl").keyNode(), m.childPath("jwks_cache_ttl"), "jwks_cache_ttl applies only with jwks_url");
        }
        YamlMapping.Entry e = m.get(given.get(0));
        String at = m.childPath(given.get(0));
        return switch (given.get(0)) {
            case "jwks_url" -> {
                URI url = reader.parse(e.value(), at, AuthSection::jwksUrl);
                Duration ttl = reader.optional(m, "jwks_cache_ttl", AuthSection::jwksTtl, DEFAULT_JWKS_TTL);
                yield url == null ? null : new KeySource.Jwks(url, ttl);
            }
            case "public_key" -> reader.parse(e.value(), at, t -> new KeySource.PublicKeyPem(PemKeys.publicKey(t)));
            default -> {
                if (!(e.value() instanceof ScalarNode scalar) || !scalar.getValue().strip().startsWith("${")) {
                    reader.problems().at(e.value(), at, "write hmac_secret as an environment reference, \"${ACME_JWT_SECRET}\"; "
                            + "a shared secret does not belong in the file");
                    yield null;
                }
                yield reader.parse(e.value(), at, t -> new KeySource.HmacSecret(t.getBytes(StandardCharsets.UTF_8)));
            }
        };
    }

    private JwtIssuer.TokenOnly tokenOnly(YamlMapping issuer) {
        YamlMapping.Entry e = issuer.get("token_only");
        if (e == null) {
            return null;
        }
        String path = issuer.childPath("token_only");
        YamlMapping m = reader.mapping(e.value(), path, e.keyNode(), "token-only settings (aliases, feature)");
        if (m == null) {
            return null;
        }
        m.rejectUnknown(TOKEN_ONLY_KEYS);
        Set<String> allowed = new LinkedHashSet<>();
        YamlMapping.Entry a = m.get("aliases");
        List<Node> items = a == null || ValueReader.isNull(a.value()) ? null
                : reader.sequence(a.value(), m.childPath("aliases"), "alias names");
        if (items == null || items.isEmpty()) {
            if (a == null || ValueReader.isNull(a.value()) || items != null) {
                reader.problems().at(a == null ? e.keyNode() : a.value(), m.childPath("aliases"), "list the aliases a token alone may use"
                        + " (at least one; a token alone never gets every alias), such as [support-fast]");
            }
        } else {
            for (int i = 0; i < items.size(); i++) {
                String p = m.childPath("aliases") + "[" + i + "]";
                String name = reader.text(items.get(i), p);
                if (name == null) {
                    continue;
                }
                if (!aliases.containsKey(name.strip())) {
                    reader.problems().at(items.get(i), p, "unknown alias '" + name.strip() + "'; defined aliases: "
                            + String.join(", ", aliases.keySet().stream().sorted().toList()) + DidYouMean.suffix(name.strip(), aliases.keySet()));
                    continue;
                }
                allowed.add(name.strip());
            }
        }
        String feature = required(m, "feature", "the feature of a token-only call when the token names none (it attributes cost "
                + "and picks the RAG settings)", t -> {
            if (!FEATURE.matcher(t.strip()).matches()) {
                throw new IllegalArgumentException("feature must be 1-64 letters, digits, '.', '_', ':' or '-'");
            }
            return t.strip();
        });
        return allowed.isEmpty() || feature == null ? null : new JwtIssuer.TokenOnly(allowed, feature);
    }

    private static String tenant(String text) {
        String t = text.strip();
        if (!TENANT_ID.matcher(t).matches() && !PolicySection.TENANT_NAME.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + t + "' is neither a tenant name (a-z, 0-9, '-', '_') nor a tenant id (tn_…)");
        }
        return t;
    }

    private static String claim(String text) {
        String t = text.strip();
        if (!CLAIM.matcher(t).matches()) {
            throw new IllegalArgumentException("a claim name is 1-128 letters, digits, '.', '_', ':', '/' or '-'");
        }
        return t;
    }

    private static Duration skew(String text) {
        if (text.strip().equals("0") || text.strip().matches("0\\s*(ms|s|m|h)")) {
            return Duration.ZERO;
        }
        Duration d = ValueParsers.duration(text);
        if (d.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException("clock_skew is at most 10m; fix the clocks rather than accept tokens that long expired");
        }
        return d;
    }

    private static Duration jwksTtl(String text) {
        Duration d = ValueParsers.duration(text);
        if (d.compareTo(Duration.ofSeconds(10)) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("jwks_cache_ttl must be between 10s and 24h");
        }
        return d;
    }

    /** An https URL, or http on the loopback interface (a key set fetched in the clear could be replaced on the way). */
    private static URI jwksUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (host.isEmpty() || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
            throw new IllegalArgumentException("jwks_url must be an https:// URL (plain http:// only on 127.0.0.1 or localhost), such as "
                    + "https://login.example.com/.well-known/jwks.json");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("jwks_url must not contain credentials");
        }
        return uri;
    }
}
