package dev.paved.server.rag;

import dev.paved.knowledge.index.MetadataFilter;
import java.util.List;
import java.util.Objects;

/**
 * One {@code POST /v1/chat}, validated.
 *
 * @param query     the question
 * @param kbs       knowledge bases to retrieve from (at least one)
 * @param sessionId conversation id, or null for a one-off question
 * @param groups    ACL groups retrieval runs with (the key's, or a subset the caller narrowed to)
 * @param filter    metadata filter for retrieval
 * @param topK      passages per query, or 0 for the feature's setting
 * @param noCache   the caller asked not to use the cache
 * @param stream    answer as server-sent events
 * @param debug     add every step's decision and timing to the result
 * @param sessionOwner whose the session is inside the tenant: "" for a caller with an API key alone, the end user
 *                  (issuer and subject of the verified JWT) otherwise, so one user's token never reads another's session
 */
public record RagRequest(String query, List<String> kbs, String sessionId, java.util.Set<String> groups, MetadataFilter filter, int topK,
                         boolean noCache, boolean stream, boolean debug, String sessionOwner) {
    public RagRequest {
        Objects.requireNonNull(query, "query");
        sessionOwner = sessionOwner == null ? "" : sessionOwner;
        kbs = List.copyOf(kbs);
        groups = java.util.Set.copyOf(groups);
        filter = filter == null ? MetadataFilter.NONE : filter;
    }
}
