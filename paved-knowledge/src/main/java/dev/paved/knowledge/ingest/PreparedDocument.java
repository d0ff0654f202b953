package dev.paved.knowledge.ingest;

import dev.paved.knowledge.chunk.ChunkDraft;
import dev.paved.knowledge.index.IndexedChunk;
import dev.paved.knowledge.model.DocumentInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** A document cut into chunks, each with its vector, ready to store and index. */
public record PreparedDocument(DocumentInput document, List<ChunkDraft> chunks, List<float[]> vectors) {

    public PreparedDocument {
        if (chunks.size() != vectors.size()) {
            throw new IllegalArgumentException(chunks.size() + " chunks but " + vectors.size() + " vectors");
        }
        chunks = List.copyOf(chunks);
        vectors = List.copyOf(vectors);
    }

    /** The chunks as index entries of {@code tenantId}/{@code kbId}, with ids from {@code chunkId(ordinal)}. */
    public List<IndexedChunk> indexed(String tenantId, String kbId, IntFunction<String> chunkId) {
        List<IndexedChunk> out = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            ChunkDraft c = chunks.get(i);
            out.add(new IndexedChunk(chunkId.apply(c.ordinal()), tenantId, kbId, document.documentId(), c.ordinal(),
                    c.text(), c.context(), c.parent(), document.source(), document.title(), document.aclGroups(),
                    document.dataClass(), document.metadata(), vectors.get(i)));
        }
        return out;
    }
}
