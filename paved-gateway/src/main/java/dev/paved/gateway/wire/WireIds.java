package dev.paved.gateway.wire;

import java.util.concurrent.ThreadLocalRandom;

/** Identifier conversions between the formats, and fresh identifiers where an upstream gave none. */
final class WireIds {
    static final String OPENAI_PREFIX = "chatcmpl-";
    static final String ANTHROPIC_PREFIX = "msg_";
    private static final String TOOL_PREFIX = "toolu_";
    private static final char[] ALPHANUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private WireIds() {
    }

    /** {@code msg_X} becomes {@code chatcmpl-X}; null or empty gives a fresh id. */
    static String openAiFromAnthropic(String messageId) {
        return OPENAI_PREFIX + suffix(messageId, ANTHROPIC_PREFIX);
    }

    /** {@code chatcmpl-X} becomes {@code msg_X}; null or empty gives a fresh id. */
    static String anthropicFromOpenAi(String completionId) {
        return ANTHROPIC_PREFIX + suffix(completionId, OPENAI_PREFIX);
    }

    /**
     * A tool call id Anthropic accepts ({@code [a-zA-Z0-9_-]+}): other characters become {@code _},
     * the same way every time, so a call and its result still match; null or empty gives a fresh id.
     */
    static String toolUseId(String id) {
        if (id == null || id.isEmpty()) {
            return TOOL_PREFIX + random();
        }
        char[] out = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                if (out == null) {
                    out = id.toCharArray();
                }
                out[i] = '_';
            }
        }
        return out == null ? id : new String(out);
    }

    private static String suffix(String id, String prefix) {
        if (id == null || id.isEmpty()) {
            return random();
        }
        return id.startsWith(prefix) && id.length() > prefix.length() ? id.substring(prefix.length()) : id;
    }

    private static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[24];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHANUM[r.nextInt(ALPHANUM.length)];
        }
        return new String(out);
    }
}
