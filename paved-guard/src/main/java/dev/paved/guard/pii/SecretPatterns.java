package dev.paved.guard.pii;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys, tokens and private keys: well-known vendor prefixes, {@code password = …} assignments, and
 * long high-entropy tokens that look random rather than like words or hashes.
 */
final class SecretPatterns {
    private record Known(Pattern pattern, double score) {
    }

    private static final List<Known> KNOWN = List.of(
            known("sk-(?:proj-|ant-(?:api\\d\\d-)?|svcacct-)?[A-Za-z0-9_-]{20,}", 0.97),   // OpenAI, Anthropic
            known("gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}", 0.98),          // GitHub
            known("(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}", 0.95),                        // AWS access key id
            known("xox[abprs]-[A-Za-z0-9-]{10,}", 0.97),                                   // Slack
            known("AIza[0-9A-Za-z_-]{35}", 0.95),                                          // Google API key
            known("glpat-[A-Za-z0-9_-]{20,}", 0.97),                                       // GitLab
            known("(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}", 0.97),                        // Stripe secret keys
            known("hf_[A-Za-z]{30,}", 0.9),                                                // Hugging Face
            known("p[ak]_[A-Za-z0-9]{4,16}_[A-Za-z0-9]{16,}", 0.95),                        // Paved's own keys
            known("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", 0.9),    // JWT
            new Known(Pattern.compile("-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\\s\\S]*?(?:-----END (?:[A-Z]+ )?PRIVATE KEY-----|$)"), 0.99));

    /** The literal start of each vendor pattern above, which matches only at a token start. */
    private static final List<String> PREFIXES = List.of("sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "AKIA", "ASIA", "AGPA",
            "AIDA", "AROA", "xox", "AIza", "glpat-", "sk_", "rk_", "hf_", "pk_", "pa_", "eyJ");
    private static final String[][] PREFIXES_BY_FIRST = byFirstChar(PREFIXES);
    /** The private-key block, the one pattern without a token-start condition. */
    private static final String PRIVATE_KEY_PREFIX = "-----BEGIN";
    private static final List<String> KEYWORDS = List.of("pass", "pwd", "secret", "api", "access", "auth", "client", "bearer");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b(?:password|passwd|pwd|passcode|passwort|secret|api[_ -]?key|access[_ -]?token|auth[_ -]?token|client[_ -]?secret|bearer)"
                    + "\\b[\"']?\\s*(?:is|=|:|ist)?\\s*[\"']?([^\\s\"'`,;]{6,})");

    private SecretPatterns() {
    }

    private static Known known(String regex, double score) {
        return new Known(Pattern.compile("(?<![A-Za-z0-9_-])(?:" + regex + ")(?![A-Za-z0-9_-])"), score);
    }

    static void find(String text, Consumer<PiiMatch> out) {
        if (hasKnownPrefix(text)) {
            for (Known k : KNOWN) {
                Matcher m = k.pattern.matcher(text);
                while (m.find()) {
                    out.accept(new PiiMatch(PiiType.SECRET, m.start(), m.end(), k.score));
                }
            }
        }
        assignments(text, out);
        randomTokens(text, out);
    }

    /**
     * Whether a known prefix occurs where a vendor pattern could match: every pattern but the private-key block
     * needs a token start (no letter, digit, '_' or '-' before it), so one pass tries the prefixes sharing the first
     * character of each token instead of searching the whole text once per prefix.
     */
    static boolean hasKnownPrefix(String text) {
        if (text.contains(PRIVATE_KEY_PREFIX)) {
            return true;
        }
        int n = text.length();
        boolean tokenStart = true;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (tokenStart && c < PREFIXES_BY_FIRST.length && PREFIXES_BY_FIRST[c] != null) {
                for (String p : PREFIXES_BY_FIRST[c]) {
                    if (text.startsWith(p, i)) {
                        return true;
                    }
                }
            }
            tokenStart = !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
        }
        return false;
    }

    private static String[][] byFirstChar(List<String> prefixes) {
        String[][] out = new String[128][];
        for (String p : prefixes) {
            String[] old = out[p.charAt(0)];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = p;
            out[p.charAt(0)] = grown;
        }
        return out;
    }

    /** {@code password: …} and friends, tried only where one of the keywords occurs. */
    private static void assignments(String text, Consumer<PiiMatch> out) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.length() != text.length()) {
            lower = text; // a case mapping changed lengths; fall back to a case-insensitive scan from every keyword hit below
        }
        Matcher a = ASSIGNMENT.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int done = 0;
        for (String k : KEYWORDS) {
            for (int at = lower.indexOf(k); at >= 0; at = lower.indexOf(k, at + 1)) {
                if (at < done) {
                    continue;
                }
                a.region(at, Math.min(text.length(), at + 160));
                if (a.lookingAt()) {
                    String value = a.group(1);
                    if (looksLikeSecretValue(value)) {
                        out.accept(new PiiMatch(PiiType.SECRET, a.start(1), a.end(1), 0.85));
                        done = a.end();
                    }
                }
            }
        }
    }

    /** Maximal runs of 24+ base64/URL-safe characters, not preceded by a dot (host names, file names). */
    private static void randomTokens(String text, Consumer<PiiMatch> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!tokenChar(text.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && tokenChar(text.charAt(j))) {
                j++;
            }
            if (j - i >= 24 && (i == 0 || text.charAt(i - 1) != '.')) {
                double score = randomTokenScore(text.substring(i, j));
                if (score > 0) {
                    out.accept(new PiiMatch(PiiType.SECRET, i, j, score));
                }
            }
            i = j;
        }
    }

    private static boolean tokenChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '_' || c == '=' || c == '-';
    }

    /** A value after "password:" that is not an ordinary word: it has a digit, a symbol, or mixed case. */
    private static boolean looksLikeSecretValue(String v) {
        if (v.startsWith("[") || v.startsWith("<") || v.startsWith("$")) {
            return false; // a placeholder or a variable reference
        }
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        boolean symbol = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isDigit(c)) {
                digit = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isLowerCase(c)) {
                lower = true;
            } else {
                symbol = true;
            }
        }
        return digit || symbol || (upper && lower && v.length() >= 8);
    }

    /**
     * Scores a long token by how random it looks: mixed letters and digits with high character entropy score up
     * to 0.9; pure hex (hashes, ids) stays below the default threshold of 0.5; words and identifiers score 0.
     */
    static double randomTokenScore(String token) {
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        boolean hexOnly = true;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            digit |= Character.isDigit(c);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            hexOnly &= Character.digit(c, 16) >= 0 || c == '-';
        }
        if (!digit || !(upper || lower)) {
            return 0;
        }
        double h = Checksums.entropy(token);
        if (hexOnly) {
            return token.length() >= 32 && h >= 3.5 ? 0.4 : 0;
        }
        if (!(upper && lower)) {
            return h >= 4.0 ? 0.5 : 0;
        }
        return h < 3.75 ? 0 : Math.min(0.9, (h - 3.0) / 1.5);
    }
}
