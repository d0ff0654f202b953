package dev.paved.server.config;

import static dev.paved.server.config.ConfigTestSupport.failure;
import static dev.paved.server.config.ConfigTestSupport.parse;
import static dev.paved.server.config.ConfigTestSupport.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.knowledge.chunk.ChunkingStrategy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeConfigTest {

    @Test
    void defaultsWhenTheSectionIsMissing() {
        assertThat(parse("").knowledge()).isEqualTo(KnowledgeConfig.defaults());
    }

    @Test
    void readsEveryKey(@TempDir Path dir) throws Exception {
        KnowledgeConfig k = parse("""
                knowledge:
                  embedding_model: bge-small-en-v1.5
                  chunking: {strategy: parent_document, max_tokens: 128, overlap_tokens: 0, window: 1, parent_tokens: 512}
                  max_upload_bytes: 10MiB
                  rerank_url: http://reranker:8080/v1/rerank
                  rerank_model: bge-reranker-base
                  rerank_api_key: ${RK}
                  rerank_timeout: 5s
                  rerank_candidates: 20
                """, java.util.Map.of("RK", "sk-rerank")).knowledge();
        assertThat(k.chunking().strategy()).isEqualTo(ChunkingStrategy.PARENT_DOCUMENT);
        assertThat(k.chunking().maxTokens()).isEqualTo(128);
        assertThat(k.chunking().parentTokens()).isEqualTo(512);
        assertThat(k.maxUploadBytes()).isEqualTo(10L << 20);
        assertThat(k.rerankUrl()).isEqualTo(URI.create("http://reranker:8080/v1/rerank"));
        assertThat(k.rerankApiKey()).isEqualTo("sk-rerank");
        assertThat(k.rerankTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(k.rerankCandidates()).isEqualTo(20);
        assertThat(k.toString()).doesNotContain("sk-rerank");
    }

    @Test
    void aGatewayEmbeddingAliasMayBeTheDefaultModel() {
        assertThat(parse("knowledge:\n  embedding_model: gateway:bge-small-en-v1.5\n").knowledge().embeddingModel())
                .isEqualTo("gateway:bge-small-en-v1.5");
        assertThat(problemLines(failure("knowledge:\n  embedding_model: gateway:nope\n")))
                .anySatisfy(l -> assertThat(l).contains("'gateway:nope' names no embedding alias"));
    }

    @Test
    void badValuesAreReportedWithTheirLine(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("m.onnx"), "x");
        ConfigException e = failure("""
                knowledge:
                  embedding_model: nomic-embed
                  chunking: {strategy: paragraphs, max_tokens: 4}
                  rerank_url: http://reranker/v1/rerank
                  rerank_onnx_model: %s
                  rerank_candidates: 0
                  rerank_modle: x
                """.formatted(model));
        assertThat(problemLines(e)).anySatisfy(l -> assertThat(l).startsWith("paved.yaml:2:20 knowledge.embedding_model: unknown embedding model 'nomic-embed'"))
                .anySatisfy(l -> assertThat(l).contains("knowledge.chunking.strategy").contains("unknown chunking strategy 'paragraphs'"))
                .anySatisfy(l -> assertThat(l).contains("knowledge.chunking.max_tokens").contains("from 8 to 8192"))
                .anySatisfy(l -> assertThat(l).contains("rerank_onnx_model needs rerank_onnx_tokenizer"))
                .anySatisfy(l -> assertThat(l).contains("set either rerank_url or rerank_onnx_model"))
                .anySatisfy(l -> assertThat(l).contains("knowledge.rerank_candidates"))
                .anySatisfy(l -> assertThat(l).contains("unknown key 'rerank_modle'").contains("did you mean 'rerank_model'"));
        assertThat(problemLines(failure("knowledge:\n  rerank_onnx_model: /nope/model.onnx\n")))
                .anySatisfy(l -> assertThat(l).contains("does not exist"));
    }
}
