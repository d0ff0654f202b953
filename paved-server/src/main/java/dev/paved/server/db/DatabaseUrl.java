package dev.paved.server.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL database is and whom to connect as, parsed from {@code PAVED_DATABASE_URL}.
 * Accepts {@code postgresql://user:pass@host:port/db?params}, {@code postgres://…} and the JDBC form
 * {@code jdbc:postgresql://…}; user and password may also come from {@code user=} / {@code password=}
 * query parameters. Other query parameters (e.g. {@code sslmode}) are passed on to the driver.
 *
 * @param jdbcUrl  the URL without credentials, e.g. {@code jdbc:postgresql://db:5432/paved?sslmode=require}
 * @param user     the user to connect as, or null to let the driver decide
 * @param password the password, or null
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {
    public static final String ENV = "PAVED_DATABASE_URL";

    private static final Pattern FORM = Pattern.compile(
            "^(?:jdbc:)?postgres(?:ql)?://(?:([^@/?#]*)@)?([^/?#]*)(/[^?#]*)?(?:\\?([^#]*))?$");

    public DatabaseUrl {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(ENV + " is empty");
        }
        Matcher m = FORM.matcher(url.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(ENV + " must look like postgresql://user:password@host:5432/database "
                    + "or jdbc:postgresql://host:5432/database?user=…; got " + redact(url));
        }
        String user = null;
        String password = null;
        if (m.group(1) != null && !m.group(1).isEmpty()) {
            String info = m.group(1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String hostPort = m.group(2);
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException(ENV + " has no host: " + redact(url));
        }
        String path = m.group(3) == null ? "" : m.group(3);
        List<String> params = new ArrayList<>();
        if (m.group(4) != null && !m.group(4).isEmpty()) {
            for (String pair : m.group(4).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (key.equals("user")) {
                    user = decode(value);
                } else if (key.equals("password")) {
                    password = decode(value);
                } else if (!key.isEmpty()) {
                    params.add(pair);
                }
            }
        }
        String jdbc = "jdbc:postgresql://" + hostPort + path + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return new DatabaseUrl(jdbc, user, password);
    }

    /** Opens a connection with these credentials. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "paved-schema-owner");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The URL with any password replaced by {@code ***}, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(://[^:@/]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
