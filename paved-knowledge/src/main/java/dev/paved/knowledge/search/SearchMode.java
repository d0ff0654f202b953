package dev.paved.knowledge.search;

import java.util.Locale;

/** Which retrievers a search runs. */
public enum SearchMode {
    BM25, DENSE, HYBRID;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SearchMode parse(String text) {
        for (SearchMode m : values()) {
            if (m.wireName().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown search mode '" + text + "'; use bm25, dense or hybrid");
    }
}
