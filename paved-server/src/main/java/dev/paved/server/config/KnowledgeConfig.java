package dev.paved.server.config;

import dev.paved.knowledge.chunk.ChunkingConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code knowledge:} section: defaults for new knowledge bases, upload size, and the re-ranker.
 *
 * @param embeddingModel      model of knowledge bases created without one
 * @param chunking            chunking of knowledge bases created without settings
 * @param maxUploadBytes      largest multipart upload to {@code /v1/kb/{kb}/documents}
 * @param rerankUrl           a Cohere/Jina-format {@code /v1/rerank} endpoint, or null
 * @param rerankModel         model name sent to it, or null
 * @param rerankApiKey        bearer token for it, or null
 * @param rerankTimeout       its timeout
 * @param rerankCandidates    fused candidates the re-ranker scores
 * @param rerankOnnxModel     a cross-encoder ONNX file run in-process (instead of rerankUrl), or null
 * @param rerankOnnxTokenizer its tokenizer.json
 */
public record KnowledgeConfig(String embeddingModel, ChunkingConfig chunking, long maxUploadBytes, URI rerankUrl,
                              String rerankModel, String rerankApiKey, Duration rerankTimeout, int rerankCandidates,
                              Path rerankOnnxModel, Path rerankOnnxTokenizer) {

    public static final String DEFAULT_MODEL = "bge-small-en-v1.5";
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

    public static KnowledgeConfig defaults() {
        return new KnowledgeConfig(DEFAULT_MODEL, ChunkingConfig.defaults(), DEFAULT_MAX_UPLOAD_BYTES, null, null, null,
                Duration.ofSeconds(30), 50, null, null);
    }

    /** Never prints the re-ranker's key. */
    @Override
    public String toString() {
        return "KnowledgeConfig[embeddingModel=" + embeddingModel + ", chunking=" + chunking + ", maxUploadBytes="
                + maxUploadBytes + ", rerankUrl=" + (rerankUrl == null ? "none" : UrlRedaction.redact(rerankUrl.toString()))
                + ", rerankModel=" + rerankModel + ", rerankApiKey=" + (rerankApiKey == null ? "none" : "***")
                + ", rerankOnnxModel=" + rerankOnnxModel + "]";
    }
}
