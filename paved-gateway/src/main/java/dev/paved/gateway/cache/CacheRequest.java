package dev.paved.gateway.cache;

/**
 * What the caller asked of the cache for one call, from headers.
 *
 * @param noCache   {@code Cache-Control: no-cache}: do not serve from the cache (a fresh answer is still stored)
 * @param noStore   {@code Cache-Control: no-store}: do not store this answer
 * @param allow     {@code x-paved-cache: allow}: cacheable even when the request is not deterministic
 * @param threshold {@code x-paved-cache-threshold}: the similarity a semantic hit needs, or null for the configured one
 * @param kbVersion knowledge-base version the answer depends on (RAG), or null
 */
public record CacheRequest(boolean noCache, boolean noStore, boolean allow, Double threshold, String kbVersion) {
    public static final CacheRequest DEFAULT = new CacheRequest(false, false, false, null, null);

    /** Parses {@code Cache-Control}, {@code x-paved-cache} and {@code x-paved-cache-threshold}; bad values throw IllegalArgumentException. */
    public static CacheRequest fromHeaders(String cacheControl, String pavedCache, String threshold) {
        boolean noCache = false;
        boolean noStore = false;
        if (cacheControl != null) {
            for (String d : cacheControl.split(",")) {
                String t = d.trim().toLowerCase(java.util.Locale.ROOT);
                noCache |= t.equals("no-cache");
                noStore |= t.equals("no-store");
            }
        }
        boolean allow = false;
        if (pavedCache != null && !pavedCache.isBlank()) {
            String v = pavedCache.trim().toLowerCase(java.util.Locale.ROOT);
            switch (v) {
                case "allow" -> allow = true;
                case "skip" -> {
                    noCache = true;
                    noStore = true;
                }
                default -> throw new IllegalArgumentException("x-paved-cache must be 'allow' or 'skip', not '" + pavedCache.trim() + "'");
            }
        }
        Double t = null;
        if (threshold != null && !threshold.isBlank()) {
            try {
                t = Double.parseDouble(threshold.trim());
            } catch (NumberFormatException e) {
                t = Double.NaN;
            }
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("x-paved-cache-threshold must be a similarity between 0 and 1, such as 0.95");
            }
        }
        return new CacheRequest(noCache, noStore, allow, t, null);
    }

    public CacheRequest withKbVersion(String version) {
        return new CacheRequest(noCache, noStore, allow, threshold, version);
    }
}
