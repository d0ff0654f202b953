package dev.paved.server.knowledge;

import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.rerank.Reranker;

/**
 * How the knowledge service runs.
 *
 * @param defaultModel      embedding model of knowledge bases created without one
 * @param defaultChunking   chunking of knowledge bases created without settings
 * @param reranker          the cross-encoder for {@code rerank: true} and {@code /v1/rerank}, or null when none is configured
 * @param rerankCandidates  how many fused candidates the re-ranker scores
 */
public record KnowledgeSettings(String defaultModel, ChunkingConfig defaultChunking, Reranker reranker, int rerankCandidates) {
}
