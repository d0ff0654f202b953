package dev.paved.server.http;

/** Caller-supplied identifiers (request ids, feature ids) that are safe to log, store and echo. */
final class SafeIds {
    private SafeIds() {
    }

    /** 1 to {@code maxLength} characters of letters, digits, '.', '_', ':' or '-'. */
    static boolean valid(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
