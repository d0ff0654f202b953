package dev.paved.knowledge.ingest;

import dev.paved.knowledge.chunk.ChunkDraft;
import dev.paved.knowledge.chunk.Chunker;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.embed.BatchEmbedder;
import dev.paved.knowledge.model.DocumentInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunks documents and embeds their chunks, many documents per embedding call so that batches stay full. Keeps the
 * time spent chunking; the {@link BatchEmbedder} keeps the time spent embedding. Thread-safe.
 */
public final class IngestPipeline {

    private final BatchEmbedder embedder;
    private final java.util.concurrent.atomic.LongAdder chunkNanos = new java.util.concurrent.atomic.LongAdder();

    public IngestPipeline(BatchEmbedder embedder) {
        this.embedder = embedder;
    }

    public BatchEmbedder embedder() {
        return embedder;
    }

    /** Chunks with {@code config} (chunks never exceed what the model embeds whole) and embeds every document. */
    public List<PreparedDocument> prepare(List<DocumentInput> docs, ChunkingConfig config) {
        long started = System.nanoTime();
        ChunkingConfig effective = fit(config);
        Chunker chunker = Chunker.of(effective, embedder.embedder().tokenCounter());
        List<List<ChunkDraft>> perDoc = new ArrayList<>(docs.size());
        List<String> texts = new ArrayList<>();
        for (DocumentInput d : docs) {
            List<ChunkDraft> chunks = chunker.chunk(d.text());
            perDoc.add(chunks);
            for (ChunkDraft c : chunks) {
                texts.add(c.text());
            }
        }
        chunkNanos.add(System.nanoTime() - started);
        List<float[]> vectors = embedder.embed(texts);
        List<PreparedDocument> out = new ArrayList<>(docs.size());
        int at = 0;
        for (int i = 0; i < docs.size(); i++) {
            int n = perDoc.get(i).size();
            out.add(new PreparedDocument(docs.get(i), perDoc.get(i), vectors.subList(at, at + n)));
            at += n;
        }
        return out;
    }

    public long chunkingNanos() {
        return chunkNanos.sum();
    }

    /** {@code config} with its chunk budget capped at what the embedding model takes without truncation. */
    public ChunkingConfig fit(ChunkingConfig config) {
        int max = embedder.embedder().maxChunkTokens();
        if (config.maxTokens() <= max) {
            return config;
        }
        return config.withMaxTokens(max, Math.min(config.overlapTokens(), max / 4));
    }
}
