package dev.paved.server.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes connection URLs safe to print: passwords in the user-info part and in query parameters become ***. */
public final class UrlRedaction {
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "([?&;])([^=&;#]*(?:password|passwd|pwd|secret|token|key)[^=&;#]*)=([^&;#]*)", Pattern.CASE_INSENSITIVE);

    private UrlRedaction() {
    }

    /**
     * {@code postgresql://paved:s3cret@db:5432/paved} becomes {@code postgresql://paved:***@db:5432/paved};
     * user info without a colon is hidden whole, because Redis reads {@code redis://secret@host} as a password.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            // Not a URL we understand; show it only if it cannot hold credentials.
            return url.indexOf('@') < 0 && url.indexOf('=') < 0 ? url : "***";
        }
        int authorityStart = scheme + 3;
        int queryStart = url.indexOf('?', authorityStart);
        int searchEnd = queryStart < 0 ? url.length() : queryStart;
        // The last '@' before the query ends the user info, even when an unencoded password holds '/' or '@'.
        int at = url.lastIndexOf('@', searchEnd - 1);
        String head = url.substring(0, authorityStart);
        String rest;
        if (at >= authorityStart) {
            String userInfo = url.substring(authorityStart, at);
            int colon = userInfo.indexOf(':');
            head += colon >= 0 ? userInfo.substring(0, colon) + ":***" : "***";
            rest = url.substring(at);
        } else {
            rest = url.substring(authorityStart);
        }
        return head + redactParams(rest);
    }

    private static String redactParams(String pathAndQuery) {
        if (pathAndQuery.indexOf('=') < 0) {
            return pathAndQuery;
        }
        Matcher m = SECRET_PARAM.matcher(pathAndQuery);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + "=***"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

}
