package dev.paved.server.knowledge;

import java.time.OffsetDateTime;

/** An ingestion or re-index job as stored: status {@code queued}, {@code running}, {@code succeeded} or {@code failed}. */
public record KnowledgeJob(String id, String kbId, String kind, String status, int total, int done, String resultJson,
                           String error, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
}
