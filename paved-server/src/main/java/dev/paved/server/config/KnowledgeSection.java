package dev.paved.server.config;

import dev.paved.embedding.EmbeddingModels;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.chunk.ChunkingStrategy;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code knowledge:}; every key is optional. */
final class KnowledgeSection {
    static final List<String> KEYS = List.of("embedding_model", "chunking", "max_upload_bytes", "rerank_url", "rerank_model",
            "rerank_api_key", "rerank_timeout", "rerank_candidates", "rerank_onnx_model", "rerank_onnx_tokenizer");
    static final List<String> CHUNKING_KEYS = List.of("strategy", "max_tokens", "overlap_tokens", "window", "parent_tokens");

    /** Embedding models reached through a gateway alias: {@code gateway:<alias>}. */
    static final String GATEWAY_PREFIX = "gateway:";

    private KnowledgeSection() {
    }

    static KnowledgeConfig read(YamlMapping.Entry section, java.util.Map<String, dev.paved.gateway.config.AliasConfig> aliases,
                                ValueReader reader) {
        KnowledgeConfig d = KnowledgeConfig.defaults();
        YamlMapping k = section == null ? null : reader.mapping(section.value(), "knowledge", section.keyNode(),
                "knowledge settings (" + String.join(", ", KEYS) + ")");
        if (k == null) {
            return d;
        }
        k.rejectUnknown(KEYS);
        String model = value(k, "embedding_model", reader, text -> {
            if (text.startsWith(GATEWAY_PREFIX)) {
                var alias = aliases.get(text.substring(GATEWAY_PREFIX.length()));
                if (alias == null || alias.kind() != dev.paved.gateway.config.AliasKind.EMBEDDING) {
                    throw new IllegalArgumentException("'" + text + "' names no embedding alias; define it under aliases: "
                            + "with type: embedding");
                }
                return text;
            }
            if (!EmbeddingModels.knownIds().contains(text)) {
                throw new IllegalArgumentException("unknown embedding model '" + text + "'; known models: "
                        + String.join(", ", EmbeddingModels.knownIds()) + ", or gateway:<embedding alias>");
            }
            return text;
        });
        ChunkingConfig chunking = chunking(k, reader, d.chunking());
        Long upload = value(k, "max_upload_bytes", reader, ValueParsers::byteSize);
        java.net.URI url = value(k, "rerank_url", reader, ValueParsers::httpUrl);
        String rerankModel = value(k, "rerank_model", reader, t -> ValueParsers.nonBlank(t, "the re-rank model"));
        String key = value(k, "rerank_api_key", reader, t -> t);
        java.time.Duration timeout = value(k, "rerank_timeout", reader, ValueParsers::duration);
        Integer candidates = value(k, "rerank_candidates", reader, t -> intIn(t, 1, 1000, "rerank_candidates"));
        Path onnx = value(k, "rerank_onnx_model", reader, KnowledgeSection::existingFile);
        Path tokenizer = value(k, "rerank_onnx_tokenizer", reader, KnowledgeSection::existingFile);
        if (onnx != null && tokenizer == null) {
            reader.problems().at(k.get("rerank_onnx_model").value(), k.childPath("rerank_onnx_model"),
                    "rerank_onnx_model needs rerank_onnx_tokenizer (the model's tokenizer.json) too");
        }
        if (onnx != null && url != null) {
            reader.problems().at(k.get("rerank_url").value(), k.childPath("rerank_url"),
                    "set either rerank_url or rerank_onnx_model, not both");
        }
        return new KnowledgeConfig(model != null ? model : d.embeddingModel(), chunking,
                upload != null ? upload : d.maxUploadBytes(), url, rerankModel, key == null || key.isBlank() ? null : key,
                timeout != null ? timeout : d.rerankTimeout(), candidates != null ? candidates : d.rerankCandidates(),
                onnx, tokenizer);
    }

    private static ChunkingConfig chunking(YamlMapping k, ValueReader reader, ChunkingConfig d) {
        YamlMapping.Entry e = k.get("chunking");
        if (e == null) {
            return d;
        }
        YamlMapping c = reader.mapping(e.value(), k.childPath("chunking"), e.keyNode(), "chunking settings ("
                + String.join(", ", CHUNKING_KEYS) + ")");
        if (c == null) {
            return d;
        }
        c.rejectUnknown(CHUNKING_KEYS);
        ChunkingStrategy strategy = value(c, "strategy", reader, ChunkingStrategy::parse);
        Integer max = value(c, "max_tokens", reader, t -> intIn(t, 8, 8192, "max_tokens"));
        Integer overlap = value(c, "overlap_tokens", reader, t -> intIn(t, 0, 8191, "overlap_tokens"));
        Integer window = value(c, "window", reader, t -> intIn(t, 0, 20, "window"));
        Integer parent = value(c, "parent_tokens", reader, t -> intIn(t, 8, 65_536, "parent_tokens"));
        int m = max != null ? max : d.maxTokens();
        try {
            return new ChunkingConfig(strategy != null ? strategy : d.strategy(), m,
                    overlap != null ? overlap : Math.min(d.overlapTokens(), m / 4), window != null ? window : d.windowSize(),
                    parent != null ? parent : Math.max(d.parentTokens(), m));
        } catch (IllegalArgumentException ex) {
            reader.problems().at(e.value(), k.childPath("chunking"), ex.getMessage());
            return d;
        }
    }

    private static <T> T value(YamlMapping m, String key, ValueReader reader, java.util.function.Function<String, T> parser) {
        YamlMapping.Entry e = m.get(key);
        return e == null ? null : reader.parse(e.value(), m.childPath(key), parser);
    }

    private static int intIn(String text, int min, int max, String what) {
        try {
            int v = Integer.parseInt(text.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
        }
    }

    private static Path existingFile(String text) {
        Path p = Path.of(text.strip());
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new IllegalArgumentException("file " + p.toAbsolutePath() + " does not exist");
        }
        return p;
    }
}
