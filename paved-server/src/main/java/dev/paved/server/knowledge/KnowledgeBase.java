package dev.paved.server.knowledge;

import dev.paved.knowledge.chunk.ChunkingConfig;
import java.time.OffsetDateTime;

/**
 * A tenant's knowledge base row.
 *
 * @param generation        the index generation searches use
 * @param version           bumps on every change of content; caches key on it
 * @param pendingGeneration the generation a re-index is building, or null
 */
public record KnowledgeBase(String id, String tenantId, String name, String embeddingModel, ChunkingConfig chunking,
                            int generation, long version, Integer pendingGeneration, String pendingModel,
                            ChunkingConfig pendingChunking, OffsetDateTime createdAt) {
}
