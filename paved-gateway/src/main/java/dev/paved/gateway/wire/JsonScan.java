package dev.paved.gateway.wire;

/**
 * Cheap checks on raw JSON text, used to decide whether a stream event needs parsing at all. A
 * quoted name followed by a colon is always a key: inside a string value its quotes would be
 * escaped, and a whole string value is followed by a comma or a closing bracket instead.
 */
final class JsonScan {
    private JsonScan() {
    }

    /** The index of the first character of the value of {@code "key"}, or -1 when the key is absent. */
    static int valueStart(String json, String quotedKey) {
        int from = 0;
        while (true) {
            int at = json.indexOf(quotedKey, from);
            if (at < 0) {
                return -1;
            }
            int i = skipSpace(json, at + quotedKey.length());
            if (i < json.length() && json.charAt(i) == ':') {
                i = skipSpace(json, i + 1);
                return i < json.length() ? i : -1;
            }
            from = at + quotedKey.length();
        }
    }

    /** True when {@code "key"} has a value starting with {@code first}. */
    static boolean valueStartsWith(String json, String quotedKey, char first) {
        int i = valueStart(json, quotedKey);
        return i >= 0 && json.charAt(i) == first;
    }

    /** True when {@code "key"} has a string value that is not empty. */
    static boolean hasNonEmptyString(String json, String quotedKey) {
        int i = valueStart(json, quotedKey);
        return i >= 0 && i + 1 < json.length() && json.charAt(i) == '"' && json.charAt(i + 1) != '"';
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }
}
