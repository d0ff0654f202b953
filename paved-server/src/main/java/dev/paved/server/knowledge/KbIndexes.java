package dev.paved.server.knowledge;

import dev.paved.knowledge.index.IndexedChunk;
import dev.paved.knowledge.index.KnowledgeIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open Lucene index of each knowledge base, one directory per generation under
 * {@code <data dir>/knowledge/<kb id>/gen-<n>}. An index is derived data: when its last commit does not record the
 * knowledge base's current version and model (a crash between the PostgreSQL commit and the index commit, a lost or
 * copied directory), it is rebuilt from PostgreSQL before use. The active generation of a knowledge base changes
 * atomically: searches take the {@link Active} entry, which pairs the index with the model that filled it.
 */
public final class KbIndexes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KbIndexes.class);
    private static final int REBUILD_BATCH = 1000;

    /** An open index and what it holds. */
    public record Active(int generation, String model, KnowledgeIndex index) {
    }

    private final Path root;
    private final KnowledgeStore store;
    private final Embedders embedders;
    private final Map<String, Active> open = new ConcurrentHashMap<>();

    public KbIndexes(Path root, KnowledgeStore store, Embedders embedders) {
        this.root = root;
        this.store = store;
        this.embedders = embedders;
    }

    /** The index searches of {@code kb} use, opened (and rebuilt if stale) on first use. */
    public Active active(KnowledgeBase kb) {
        Active a = open.get(kb.id());
        if (a != null && a.generation() >= kb.generation()) {
            return a;
        }
        synchronized (this) {
            a = open.get(kb.id());
            if (a != null && a.generation() >= kb.generation()) {
                return a;
            }
            Active opened = openOrRebuild(kb);
            Active previous = open.put(kb.id(), opened);
            if (previous != null) {
                closeQuietly(previous.index());
            }
            return opened;
        }
    }

    /** A new, empty index for {@code generation} of {@code kb} (any leftover directory is removed first). */
    public KnowledgeIndex create(KnowledgeBase kb, int generation, int dimensions) {
        Path dir = dir(kb.id(), generation);
        deleteTree(dir);
        return KnowledgeIndex.open(dir, dimensions);
    }

    /** Makes {@code index} the active one of {@code kb} (already switched in PostgreSQL) and removes older generations. */
    public void activate(KnowledgeBase kb, KnowledgeIndex index) {
        Active previous;
        synchronized (this) {
            previous = open.put(kb.id(), new Active(kb.generation(), kb.embeddingModel(), index));
        }
        if (previous != null && previous.index() != index) {
            closeQuietly(previous.index());
        }
        removeGenerationsExcept(kb.id(), kb.generation());
    }

    /** Records that the index now reflects {@code kb}'s version (after a write committed in PostgreSQL). */
    public void committed(KnowledgeBase kb, Active active, long version) {
        active.index().commit(commitData(version, active.model(), active.generation()));
    }

    /** Forgets the open index so that the next use checks it against PostgreSQL again (after a failed write). */
    public synchronized void invalidate(String kbId) {
        Active a = open.remove(kbId);
        if (a != null) {
            closeQuietly(a.index());
            deleteTree(dir(kbId, a.generation()));
        }
    }

    /** Closes and deletes every generation of a deleted knowledge base. */
    public synchronized void drop(String kbId) {
        Active a = open.remove(kbId);
        if (a != null) {
            closeQuietly(a.index());
        }
        deleteTree(root.resolve(kbId));
    }

    /** Rebuilds {@code generation} of {@code kb} from PostgreSQL into a fresh directory and commits it. */
    public KnowledgeIndex rebuild(KnowledgeBase kb, int generation, String model) {
        long started = System.nanoTime();
        KnowledgeIndex index = create(kb, generation, embedders.get(model, kb.tenantId()).dimensions());
        try {
            List<IndexedChunk> batch = new ArrayList<>(REBUILD_BATCH);
            int[] total = {0};
            store.forEachChunk(kb, generation, c -> {
                batch.add(c);
                if (batch.size() == REBUILD_BATCH) {
                    index.addAll(batch);
                    total[0] += batch.size();
                    batch.clear();
                }
            });
            index.addAll(batch);
            total[0] += batch.size();
            index.commit(commitData(kb.version(), model, generation));
            LOG.info("Rebuilt the index of knowledge base {} (generation {}, {} chunks) from PostgreSQL in {} ms", kb.id(),
                    generation, total[0], (System.nanoTime() - started) / 1_000_000);
            return index;
        } catch (RuntimeException e) {
            closeQuietly(index);
            throw e;
        }
    }

    public Path dir(String kbId, int generation) {
        return root.resolve(kbId).resolve("gen-" + generation);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(a -> closeQuietly(a.index()));
        open.clear();
    }

    private Active openOrRebuild(KnowledgeBase kb) {
        Path dir = dir(kb.id(), kb.generation());
        Map<String, String> data = KnowledgeIndex.committedData(dir);
        int dims = embedders.get(kb.embeddingModel(), kb.tenantId()).dimensions();
        if (Long.toString(kb.version()).equals(data.get("kb_version")) && kb.embeddingModel().equals(data.get("model"))) {
            return new Active(kb.generation(), kb.embeddingModel(), KnowledgeIndex.open(dir, dims));
        }
        if (!data.isEmpty()) {
            LOG.warn("The index of knowledge base {} is at version {}, PostgreSQL at {}; rebuilding it", kb.id(),
                    data.get("kb_version"), kb.version());
        }
        return new Active(kb.generation(), kb.embeddingModel(), rebuild(kb, kb.generation(), kb.embeddingModel()));
    }

    private static Map<String, String> commitData(long version, String model, int generation) {
        return Map.of("kb_version", Long.toString(version), "model", model, "generation", Integer.toString(generation));
    }

    private void removeGenerationsExcept(String kbId, int keep) {
        Path kbDir = root.resolve(kbId);
        if (!Files.isDirectory(kbDir)) {
            return;
        }
        try (Stream<Path> gens = Files.list(kbDir)) {
            gens.filter(p -> !p.getFileName().toString().equals("gen-" + keep)).forEach(KbIndexes::deleteTree);
        } catch (IOException e) {
            LOG.warn("could not list {}: {}", kbDir, e.toString());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    private static void closeQuietly(KnowledgeIndex index) {
        try {
            index.close();
        } catch (RuntimeException e) {
            LOG.warn("error while closing a knowledge index: {}", e.toString());
        }
    }
}
