package dev.paved.gateway.wire;

/** A base64 {@code data:} URL split into its media type and payload. */
record DataUrl(String mediaType, String base64) {
    private static final String SCHEME = "data:";
    private static final String BASE64 = ";base64";

    /** Parses {@code data:<type>[;params];base64,<payload>}; null when {@code url} is not a base64 data URL. */
    static DataUrl parse(String url) {
        if (!isDataUrl(url)) {
            return null;
        }
        int comma = url.indexOf(',', SCHEME.length());
        if (comma < 0 || comma < SCHEME.length() + BASE64.length()
                || !url.regionMatches(true, comma - BASE64.length(), BASE64, 0, BASE64.length())) {
            return null;
        }
        int semicolon = url.indexOf(';', SCHEME.length());
        String type = url.substring(SCHEME.length(), semicolon);
        return new DataUrl(type.isEmpty() ? "application/octet-stream" : type, url.substring(comma + 1));
    }

    static boolean isDataUrl(String url) {
        return url != null && url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    String format() {
        return SCHEME + mediaType + BASE64 + "," + base64;
    }
}
