package dev.paved.gateway.config;

/** What an alias serves. */
public enum AliasKind {
    CHAT, EMBEDDING;

    public static AliasKind parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "chat" -> CHAT;
            case "embedding", "embeddings" -> EMBEDDING;
            default -> throw new IllegalArgumentException("unknown alias type '" + s + "'; use chat or embedding");
        };
    }
}
