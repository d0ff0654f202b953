package dev.paved.server.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns text from paved.yaml or a PAVED_* variable into typed values. Each parser throws
 * {@link IllegalArgumentException} whose message says what is wrong and what to write; messages quote the
 * input only where it cannot be a secret, and URLs only after {@link UrlRedaction}.
 */
final class ValueParsers {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private ValueParsers() {
    }

    static int port(String text) {
        long n = wholeNumber(text, "a port number");
        if (n < 0 || n > 65_535) {
            throw new IllegalArgumentException("port " + n + " is out of range; use 1-65535 (0 picks a free port)");
        }
        return (int) n;
    }

    static String host(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("host must be an interface address or name, such as 0.0.0.0 or 127.0.0.1");
        }
        return s;
    }

    /** Byte counts: {@code 8388608}, {@code 8MiB}, {@code 512KB}, {@code 1GiB}. */
    static long byteSize(String text) {
        String s = text.strip().replace("_", "").toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a size; write bytes (8388608) or a"
                    + " number with a unit: B, KB, KiB, MB, MiB, GB, GiB (8MiB)");
        }
        long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kb" -> 1_000L;
            case "kib" -> 1L << 10;
            case "mb" -> 1_000_000L;
            case "mib" -> 1L << 20;
            case "gb" -> 1_000_000_000L;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        try {
            long n = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            if (n <= 0) {
                throw new IllegalArgumentException("size must be greater than zero");
            }
            return n;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is too large");
        }
    }

    /** Durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static Duration duration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            String hint = s.matches("\\d+") ? " (add a unit: " + s + "s)" : "";
            throw new IllegalArgumentException("'" + text.strip() + "' is not a duration; write a whole number with"
                    + " a unit: ms, s, m or h, such as 500ms, 30s, 2m" + hint);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is too long a duration");
        }
        if (n == 0) {
            throw new IllegalArgumentException("duration must be greater than zero");
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** A price in US dollars per million tokens: a plain non-negative number. */
    static BigDecimal price(String text) {
        return dollars(text, "prices", "0.15", "US dollars per 1M tokens");
    }

    /** An absolute http or https URL with a host and no credentials, query or fragment; trailing '/' removed. */
    static URI httpUrl(String text) {
        String s = text.strip();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + UrlRedaction.redact(s) + "' is not a valid URL ("
                    + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + UrlRedaction.redact(s) + "' must be an absolute http:// or"
                    + " https:// URL, such as https://api.openai.com/v1");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the URL must not contain credentials; put them in api_key or headers");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + s + "' has no host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the URL must not contain a query or fragment (use api_version for"
                    + " Azure's api-version)");
        }
        String trimmed = s.replaceAll("/+$", "");
        return URI.create(trimmed);
    }

    /** {@code postgresql://}, {@code postgres://} or {@code jdbc:postgresql://}. */
    static String databaseUrl(String text) {
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("postgresql://") || lower.startsWith("postgres://")
                || lower.startsWith("jdbc:postgresql://"))) {
            throw new IllegalArgumentException("'" + UrlRedaction.redact(s) + "' is not a PostgreSQL URL; write"
                    + " postgresql://user:password@host:5432/database or jdbc:postgresql://host:5432/database");
        }
        return s;
    }

    /** {@code redis://} or {@code rediss://}. */
    static String redisUrl(String text) {
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("redis://") || lower.startsWith("rediss://"))) {
            throw new IllegalArgumentException("'" + UrlRedaction.redact(s) + "' is not a Redis URL; write"
                    + " redis://host:6379 or rediss://user:password@host:6380");
        }
        return s;
    }

    /** The OTLP collector endpoint: an http(s) URL; a query is allowed here, credentials are not. */
    static String otlpEndpoint(String text) {
        String s = text.strip();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + UrlRedaction.redact(s) + "' is not a valid URL ("
                    + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + UrlRedaction.redact(s) + "' must be an http:// or https:// URL,"
                    + " such as http://otel-collector:4317");
        }
        return s;
    }

    /** The admin API key: at least 16 characters without spaces. Never echoed. */
    static String adminKey(String text) {
        String s = text.strip();
        if (s.length() < 16) {
            throw new IllegalArgumentException("the admin key is too short (" + s.length() + " characters); use at"
                    + " least 16 random characters, such as the output of: openssl rand -hex 32");
        }
        if (s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the admin key must not contain spaces");
        }
        return s;
    }

    /** A whole number of at least 1: a rate or concurrency limit. */
    static long positiveCount(String text) {
        long n = wholeNumber(text, "a whole number");
        if (n < 1) {
            throw new IllegalArgumentException("limit " + n + " must be at least 1; leave the key out for no limit");
        }
        return n;
    }

    /** US dollars: a plain non-negative number such as 25 or 0.50. */
    static BigDecimal usd(String text) {
        return dollars(text, "budgets", "25.00", "US dollars");
    }

    private static BigDecimal dollars(String text, String what, String example, String unit) {
        String s = text.strip();
        if (s.startsWith("$")) {
            throw new IllegalArgumentException("write " + what + " as plain numbers without '$', such as " + example);
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number; write " + unit + ", such as " + example);
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException((what.equals("prices") ? "price " : "amount ") + s + " is negative; " + what + " must be 0 or more");
        }
        return v;
    }

    /** A fraction greater than 0 and at most 1, such as 0.8. */
    static BigDecimal fraction(String text) {
        String s = text.strip();
        BigDecimal v;
        try {
            v = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number; write a fraction of the cap such as 0.8");
        }
        if (v.signum() <= 0 || v.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("soft_at " + s + " must be greater than 0 and at most 1 (a fraction of the cap, such as 0.8)");
        }
        return v;
    }

    static String nonBlank(String text, String what) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return s;
    }

    /** A whole number in [min, max]. */
    static int intBetween(String text, String what, int min, int max) {
        long n = wholeNumber(text, what);
        if (n < min || n > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", not " + n);
        }
        return (int) n;
    }

    /** A decimal number in [min, max]. */
    static double decimalBetween(String text, String what, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not " + what + "; write a number such as 0.2");
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not " + what + "; write a number such as 0.2");
        }
        return d;
    }

    /** {@code true} or {@code false}. */
    static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text.strip() + "' is not true or false");
        };
    }

    private static long wholeNumber(String text, String what) {
        String s = text.strip().replace("_", "");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not " + what + "; write a whole number");
        }
    }
}
