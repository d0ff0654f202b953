package dev.paved.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.core.PavedException;
import dev.paved.knowledge.HashingEmbedder;
import dev.paved.knowledge.chunk.ChunkingConfig;
import dev.paved.knowledge.chunk.TokenCounter;
import dev.paved.knowledge.embed.Embedder;
import dev.paved.knowledge.index.AccessScope;
import dev.paved.knowledge.index.ScopedSearcher;
import dev.paved.knowledge.model.DocumentInput;
import dev.paved.knowledge.search.SearchHit;
import dev.paved.knowledge.search.SearchMode;
import dev.paved.knowledge.search.SearchRequest;
import dev.paved.server.db.Database;
import dev.paved.server.db.TestPostgres;
import dev.paved.server.store.TenantStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The knowledge service against a real PostgreSQL (row-level security on) and on-disk Lucene indexes. */
class KnowledgeServiceTest {

    private static final HashingEmbedder OLD = new HashingEmbedder("hash-a", 64, 0);
    private static final GatedEmbedder NEW = new GatedEmbedder(new HashingEmbedder("hash-b", 32, 7));
    private static Database db;
    private static Path dataDir;
    private static KnowledgeStore store;
    private static KbIndexes indexes;
    private static KnowledgeService service;
    private static TenantStore tenants;

    @BeforeAll
    static void start() {
        db = TestPostgres.newDatabase();
        dataDir = TestPostgres.tempDir("paved-kb-");
        store = new KnowledgeStore(db);
        Embedders embedders = new Embedders(Map.of(OLD.id(), OLD, NEW.id(), NEW));
        indexes = new KbIndexes(dataDir.resolve("knowledge"), store, embedders);
        service = new KnowledgeService(store, indexes, embedders, new KnowledgeSettings(OLD.id(),
                new ChunkingConfig(dev.paved.knowledge.chunk.ChunkingStrategy.RECURSIVE, 12, 2, 2, 64), null, 50));
        tenants = new TenantStore(db);
    }

    @AfterAll
    static void stop() {
        service.close();
        db.close();
        TestPostgres.deleteQuietly(dataDir);
    }

    private static String tenant() {
        return tenants.create("t" + System.nanoTime() % 100_000_000).id();
    }

    private static IngestItem text(String id, String text, String... groups) {
        return new IngestItem(new DocumentInput(id, id + ".txt", null, text, "text/plain", List.of(groups), null, Map.of()), null, null);
    }

    private static KnowledgeJob ingest(String tenant, String kb, IngestItem... items) {
        KnowledgeJob job = service.submit(tenant, kb, List.of(items));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            KnowledgeJob j = service.job(tenant, kb, job.id());
            if (j.status().equals("succeeded") || j.status().equals("failed")) {
                return j;
            }
            sleep(20);
        }
        throw new AssertionError("job " + job.id() + " did not finish");
    }

    private static List<String> hits(String tenant, String kb, String query, Set<String> groups, SearchMode mode) {
        List<String> out = new ArrayList<>();
        for (SearchHit h : service.search(tenant, kb, groups, SearchRequest.of(query).withMode(mode)).result().hits()) {
            out.add(h.documentId());
        }
        return out;
    }

    /** Chunk ids in PostgreSQL for a knowledge base, seen from the system scope (no row-level filter). */
    private static List<String> pgChunkIds(String kbId) {
        return db.inSystemScope(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id from kb_chunks where kb_id = ? order by id")) {
                ps.setString(1, kbId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    private static List<String> indexChunkIds(KnowledgeBase kb) {
        try (ScopedSearcher s = indexes.active(kb).index().searcher(AccessScope.maintenance(kb.tenantId(), kb.id()))) {
            return s.chunkIds().stream().sorted().toList();
        }
    }

    @Test
    void reIngestAndDeleteLeaveNoOrphanRowsOrIndexEntries() {
        String t = tenant();
        KnowledgeJob first = ingest(t, "docs", text("a", "Alpha apples are red. ".repeat(12)), text("b", "Bananas are yellow."));
        assertThat(first.status()).isEqualTo("succeeded");
        assertThat(result(first).path("ingested").asInt()).isEqualTo(2);
        KnowledgeBase kb = service.get(t, "docs");
        long v1 = kb.version();
        assertThat(pgChunkIds(kb.id())).hasSizeGreaterThan(2).isEqualTo(indexChunkIds(kb));

        KnowledgeJob same = ingest(t, "docs", text("a", "Alpha apples are red. ".repeat(12)));
        assertThat(result(same).path("unchanged").asInt()).isEqualTo(1);
        assertThat(result(same).path("ingested").asInt()).isZero();
        assertThat(service.get(t, "docs").version()).isEqualTo(v1);

        ingest(t, "docs", text("a", "Avocados are green."));
        kb = service.get(t, "docs");
        assertThat(kb.version()).isGreaterThan(v1);
        assertThat(pgChunkIds(kb.id())).hasSize(2).isEqualTo(indexChunkIds(kb));
        assertThat(hits(t, "docs", "apples", Set.of(), SearchMode.BM25)).isEmpty();
        assertThat(hits(t, "docs", "avocados", Set.of(), SearchMode.BM25)).containsExactly("a");

        long v2 = kb.version();
        assertThat(service.deleteDocument(t, "docs", "a")).isGreaterThan(v2);
        kb = service.get(t, "docs");
        assertThat(pgChunkIds(kb.id())).hasSize(1).isEqualTo(indexChunkIds(kb));
        assertThat(hits(t, "docs", "avocados", Set.of(), SearchMode.HYBRID)).doesNotContain("a");
        assertThatThrownBy(() -> service.deleteDocument(t, "docs", "a")).isInstanceOf(PavedException.class)
                .hasMessageContaining("no document 'a'");

        String kbId = kb.id();
        service.deleteKnowledgeBase(t, "docs");
        assertThat(pgChunkIds(kbId)).isEmpty();
        long leftovers = db.inSystemScope(c -> {
            try (PreparedStatement ps = c.prepareStatement("select (select count(*) from kb_documents where kb_id = ?) "
                    + "+ (select count(*) from kb_jobs where kb_id = ?)")) {
                ps.setString(1, kbId);
                ps.setString(2, kbId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(leftovers).isZero();
        assertThat(Files.exists(indexes.dir(kbId, 1).getParent())).isFalse();
        assertThatThrownBy(() -> service.get(t, "docs")).isInstanceOf(PavedException.class).hasMessageContaining("no knowledge base");
    }

    @Test
    void anotherTenantOrAMissingGroupSeesNoneOfTheChunksInTheIndexOrInSql() {
        String owner = tenant();
        String other = tenant();
        ingest(owner, "hr", text("pay", "Salary bands for engineers.", "hr"), text("open", "Salary reviews happen in May."));
        ingest(other, "hr", text("mine", "Other tenant holiday rules."));

        assertThat(hits(owner, "hr", "salary", Set.of(), SearchMode.HYBRID)).containsExactly("open");
        assertThat(hits(owner, "hr", "salary", Set.of("sales"), SearchMode.DENSE)).containsExactly("open");
        assertThat(hits(owner, "hr", "salary", Set.of("hr"), SearchMode.BM25)).containsExactlyInAnyOrder("pay", "open");
        assertThat(hits(other, "hr", "salary", Set.of("hr"), SearchMode.HYBRID)).containsExactly("mine").doesNotContain("pay", "open");
        assertThat(hits(other, "hr", "salary engineers", Set.of("hr"), SearchMode.BM25)).isEmpty();

        String kbId = service.get(owner, "hr").id();
        // SQL level: row-level security, as the application role sees it.
        assertThat(chunkCount(other, kbId, null)).isZero();
        assertThat(chunkCount(other, kbId, "*")).isZero();
        assertThat(chunkCount(owner, kbId, null)).isEqualTo(1);
        assertThat(chunkCount(owner, kbId, "sales,finance")).isEqualTo(1);
        assertThat(chunkCount(owner, kbId, "finance,hr")).isEqualTo(2);
    }

    private static long chunkCount(String tenant, String kbId, String acl) {
        return db.inTenantScope(tenant, c -> {
            if (acl != null) {
                try (PreparedStatement ps = c.prepareStatement("select set_config('paved.acl', ?, true)")) {
                    ps.setString(1, acl);
                    ps.execute();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select count(*) from kb_chunks where kb_id = ?")) {
                ps.setString(1, kbId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void anIndexRebuiltFromPostgresGivesIdenticalResults() {
        String t = tenant();
        ingest(t, "rebuild", text("d1", "Rivers flow into the sea. Fish swim upstream in spring."),
                text("d2", "Mountains rise above the clouds. Snow stays on the peaks."),
                text("d3", "The sea is salty and deep; rivers bring fresh water.", "geo"));
        KnowledgeBase kb = service.get(t, "rebuild");
        List<List<SearchHit>> before = new ArrayList<>();
        for (SearchMode m : SearchMode.values()) {
            before.add(service.search(t, "rebuild", Set.of("geo"), SearchRequest.of("rivers and the sea").withMode(m)).result().hits());
        }
        indexes.invalidate(kb.id());
        assertThat(Files.exists(indexes.dir(kb.id(), kb.generation()))).isFalse();
        for (int i = 0; i < SearchMode.values().length; i++) {
            SearchMode m = SearchMode.values()[i];
            List<SearchHit> after = service.search(t, "rebuild", Set.of("geo"), SearchRequest.of("rivers and the sea").withMode(m)).result().hits();
            assertThat(after).as(m.wireName()).isEqualTo(before.get(i));
        }
        assertThat(Files.exists(indexes.dir(kb.id(), kb.generation()))).isTrue();
    }

    @Test
    void anIndexBehindPostgresIsRebuiltWhenItIsOpened() {
        String t = tenant();
        ingest(t, "behind", text("a", "Apricots ripen in July."), text("b", "Blueberries ripen in August."));
        KnowledgeBase kb = service.get(t, "behind");
        assertThat(KnowledgeIndexCommit.version(indexes, kb)).isEqualTo(kb.version());
        // As if Paved stopped after the PostgreSQL commit of a delete but before the index write.
        store.deleteDocument(t, kb.id(), "a");
        indexes.close();
        assertThat(hits(t, "behind", "apricots ripen", Set.of(), SearchMode.BM25)).containsExactly("b");
        KnowledgeBase now = service.get(t, "behind");
        assertThat(pgChunkIds(now.id())).isEqualTo(indexChunkIds(now));
        assertThat(KnowledgeIndexCommit.version(indexes, now)).isEqualTo(now.version());
    }

    /** Reads the version recorded in an index's last commit. */
    static final class KnowledgeIndexCommit {
        static long version(KbIndexes indexes, KnowledgeBase kb) {
            return Long.parseLong(indexes.active(kb).index().commitData().get("kb_version"));
        }
    }

    @Test
    void changingTheEmbeddingModelSwitchesAtomicallyWhenTheNewGenerationIsComplete() throws Exception {
        String t = tenant();
        List<IngestItem> docs = new ArrayList<>(List.of(text("x", "Zebras live on the savanna."), text("y", "Penguins live in Antarctica.")));
        for (int i = 0; i < KnowledgeService.GROUP + 3; i++) {
            docs.add(text("filler-" + i, "Filler document number " + i + " about nothing in particular."));
        }
        ingest(t, "swap", docs.toArray(IngestItem[]::new)); // more than one re-index page
        KnowledgeBase before = service.get(t, "swap");
        List<String> oldChunks = pgChunkIds(before.id());

        NEW.close();
        KnowledgeJob job = service.configure(t, "swap", NEW.id(), null);
        assertThat(job).isNotNull();
        assertThat(NEW.entered.await(30, TimeUnit.SECONDS)).isTrue();
        // Mid-way: searches still use the old model and generation; PostgreSQL's active chunks are unchanged.
        KnowledgeService.Searched mid = service.search(t, "swap", Set.of(), SearchRequest.of("zebras savanna"));
        assertThat(mid.embeddingModel()).isEqualTo(OLD.id());
        assertThat(mid.generation()).isEqualTo(before.generation());
        assertThat(mid.result().hits().get(0).documentId()).isEqualTo("x");
        assertThat(service.get(t, "swap").embeddingModel()).isEqualTo(OLD.id());
        assertThat(service.counts(service.get(t, "swap")).get("chunks")).isEqualTo(oldChunks.size());
        assertThatThrownBy(() -> service.configure(t, "swap", OLD.id(), ChunkingConfig.defaults()))
                .isInstanceOf(PavedException.class).hasMessageContaining("already being re-indexed");

        NEW.open();
        KnowledgeJob done = awaitJob(t, "swap", job.id());
        assertThat(done.status()).as(done.error()).isEqualTo("succeeded");
        assertThat(done.done()).isEqualTo(KnowledgeService.GROUP + 5);
        KnowledgeBase after = service.get(t, "swap");
        assertThat(after.embeddingModel()).isEqualTo(NEW.id());
        assertThat(after.generation()).isEqualTo(before.generation() + 1);
        assertThat(after.version()).isGreaterThan(before.version());
        KnowledgeService.Searched now = service.search(t, "swap", Set.of(), SearchRequest.of("penguins antarctica"));
        assertThat(now.embeddingModel()).isEqualTo(NEW.id());
        assertThat(now.result().hits().get(0).documentId()).isEqualTo("y");
        List<String> newChunks = pgChunkIds(after.id());
        assertThat(newChunks).hasSameSizeAs(oldChunks).doesNotContainAnyElementsOf(oldChunks).isEqualTo(indexChunkIds(after));
        assertThat(Files.exists(indexes.dir(after.id(), before.generation()))).isFalse();
    }

    private static KnowledgeJob awaitJob(String t, String kb, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            KnowledgeJob j = service.job(t, kb, id);
            if (!j.status().equals("queued") && !j.status().equals("running")) {
                return j;
            }
            sleep(20);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void filesAreParsedAndBadDocumentsAreReportedWithoutStoppingTheJob() {
        String t = tenant();
        IngestItem md = new IngestItem(new DocumentInput("guide.md", null, null, "", null, List.of(), "public", Map.of("lang", "en")),
                "# Guide\n\nKettles boil water quickly.".getBytes(java.nio.charset.StandardCharsets.UTF_8), "guide.md");
        IngestItem broken = new IngestItem(new DocumentInput("bad.pdf", null, null, "", null, List.of(), null, Map.of()),
                "%PDF-1.4 not really".getBytes(java.nio.charset.StandardCharsets.UTF_8), "bad.pdf");
        KnowledgeJob job = ingest(t, "files", md, broken);
        assertThat(job.status()).isEqualTo("succeeded");
        assertThat(result(job).path("failed").asInt()).isEqualTo(1);
        assertThat(result(job).path("errors").get(0).path("document_id").asText()).isEqualTo("bad.pdf");
        SearchHit hit = service.search(t, "files", Set.of(), SearchRequest.of("kettles")).result().hits().get(0);
        assertThat(hit.title()).isEqualTo("Guide");
        assertThat(hit.source()).isEqualTo("guide.md");
        assertThat(hit.metadata()).containsEntry("lang", "en");
        assertThat(hit.dataClass()).isEqualTo("public");
    }

    private static com.fasterxml.jackson.databind.JsonNode result(KnowledgeJob job) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(job.resultJson());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks document embedding while closed, and signals when a caller is waiting. */
    static final class GatedEmbedder implements Embedder {
        private final Embedder inner;
        final CountDownLatch entered = new CountDownLatch(1);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        GatedEmbedder(Embedder inner) {
            this.inner = inner;
        }

        void close() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public int dimensions() {
            return inner.dimensions();
        }

        @Override
        public List<float[]> embedDocuments(List<String> texts) {
            entered.countDown();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.embedDocuments(texts);
        }

        @Override
        public float[] embedQuery(String query) {
            return inner.embedQuery(query);
        }

        @Override
        public TokenCounter tokenCounter() {
            return inner.tokenCounter();
        }

        @Override
        public int maxChunkTokens() {
            return inner.maxChunkTokens();
        }
    }
}
