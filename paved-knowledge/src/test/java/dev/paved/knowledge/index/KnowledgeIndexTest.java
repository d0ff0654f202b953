package dev.paved.knowledge.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.knowledge.HashingEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeIndexTest {

    private static final HashingEmbedder EMBED = new HashingEmbedder();

    static IndexedChunk chunk(String tenant, String kb, String doc, int ordinal, String text, List<String> groups) {
        return new IndexedChunk(tenant + "/" + doc + "#" + ordinal, tenant, kb, doc, ordinal, text, null, -1, "src", "t",
                groups, "internal", Map.of("lang", "en"), EMBED.embedQuery(text));
    }

    private static List<String> ids(ScopedSearcher s, List<ScoredDoc> docs) {
        List<String> out = new ArrayList<>();
        docs.forEach(d -> out.add(s.load(d.doc()).chunkId()));
        return out;
    }

    @Test
    void everyQuerySeesOnlyItsTenantKnowledgeBaseAndGroups() {
        try (KnowledgeIndex index = KnowledgeIndex.inMemory(EMBED.dimensions())) {
            index.replaceDocument("t1", "kb", "open", List.of(chunk("t1", "kb", "open", 0, "salary bands are public", List.of())));
            index.replaceDocument("t1", "kb", "hr", List.of(chunk("t1", "kb", "hr", 0, "salary of each employee", List.of("hr"))));
            index.replaceDocument("t2", "kb", "other", List.of(chunk("t2", "kb", "other", 0, "salary of the other tenant", List.of())));
            index.replaceDocument("t1", "kb2", "elsewhere", List.of(chunk("t1", "kb2", "elsewhere", 0, "salary elsewhere", List.of())));
            float[] q = EMBED.embedQuery("salary");

            try (ScopedSearcher s = index.searcher(AccessScope.caller("t1", "kb", Set.of()))) {
                assertThat(ids(s, s.bm25("salary", MetadataFilter.NONE, 10))).containsExactly("t1/open#0");
                assertThat(ids(s, s.dense(q, MetadataFilter.NONE, 10))).containsExactly("t1/open#0");
                assertThat(s.count()).isEqualTo(1);
            }
            try (ScopedSearcher s = index.searcher(AccessScope.caller("t1", "kb", Set.of("hr", "sales")))) {
                assertThat(ids(s, s.bm25("salary", MetadataFilter.NONE, 10))).containsExactlyInAnyOrder("t1/open#0", "t1/hr#0");
                assertThat(ids(s, s.dense(q, MetadataFilter.NONE, 10))).containsExactlyInAnyOrder("t1/open#0", "t1/hr#0");
            }
            try (ScopedSearcher s = index.searcher(AccessScope.caller("t2", "kb", Set.of("hr")))) {
                assertThat(ids(s, s.bm25("salary", MetadataFilter.NONE, 10))).containsExactly("t2/other#0");
                assertThat(ids(s, s.dense(q, MetadataFilter.NONE, 10))).containsExactly("t2/other#0");
            }
            try (ScopedSearcher s = index.searcher(AccessScope.maintenance("t1", "kb"))) {
                assertThat(s.chunkIds()).containsExactlyInAnyOrder("t1/open#0", "t1/hr#0");
            }
        }
    }

    @Test
    void aScopeNeedsATenantAndAKnowledgeBase() {
        assertThatThrownBy(() -> AccessScope.caller(null, "kb", Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessScope.caller(" ", "kb", Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessScope.caller("t", null, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataFiltersNarrowResults() {
        try (KnowledgeIndex index = KnowledgeIndex.inMemory(EMBED.dimensions())) {
            IndexedChunk de = new IndexedChunk("c-de", "t", "kb", "de", 0, "holiday rules", null, -1, "a.md", null,
                    List.of(), "public", Map.of("lang", "de"), EMBED.embedQuery("holiday rules"));
            index.replaceDocument("t", "kb", "en", List.of(chunk("t", "kb", "en", 0, "holiday rules", List.of())));
            index.replaceDocument("t", "kb", "de", List.of(de));
            try (ScopedSearcher s = index.searcher(AccessScope.caller("t", "kb", Set.of()))) {
                MetadataFilter lang = new MetadataFilter(Map.of("metadata.lang", List.of("de")));
                assertThat(ids(s, s.bm25("holiday", lang, 10))).containsExactly("c-de");
                assertThat(ids(s, s.dense(EMBED.embedQuery("holiday"), lang, 10))).containsExactly("c-de");
                MetadataFilter cls = new MetadataFilter(Map.of("data_class", List.of("internal"), "document_id", List.of("en", "x")));
                assertThat(ids(s, s.bm25("holiday", cls, 10))).containsExactly("t/en#0");
            }
            assertThatThrownBy(() -> new MetadataFilter(Map.of("tenant", List.of("t2")))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void replacingAndDeletingLeaveNoStaleChunks(@TempDir Path dir) {
        try (KnowledgeIndex index = KnowledgeIndex.open(dir, EMBED.dimensions())) {
            index.replaceDocument("t", "kb", "d", List.of(chunk("t", "kb", "d", 0, "one", List.of()), chunk("t", "kb", "d", 1, "two", List.of())));
            index.replaceDocument("t", "kb", "e", List.of(chunk("t", "kb", "e", 0, "three", List.of())));
            index.replaceDocument("t", "kb", "d", List.of(chunk("t", "kb", "d", 0, "uno", List.of())));
            try (ScopedSearcher s = index.searcher(AccessScope.maintenance("t", "kb"))) {
                assertThat(s.chunkIds()).containsExactlyInAnyOrder("t/d#0", "t/e#0");
                assertThat(s.load(s.bm25("uno", MetadataFilter.NONE, 1).get(0).doc()).text()).isEqualTo("uno");
            }
            index.deleteDocument("t", "kb", "e");
            index.commit(Map.of("kb_version", "7"));
            try (ScopedSearcher s = index.searcher(AccessScope.maintenance("t", "kb"))) {
                assertThat(s.chunkIds()).containsExactly("t/d#0");
            }
            index.deleteKnowledgeBase("t", "kb");
            try (ScopedSearcher s = index.searcher(AccessScope.maintenance("t", "kb"))) {
                assertThat(s.count()).isZero();
            }
        }
        assertThat(KnowledgeIndex.committedData(dir)).containsEntry("kb_version", "7");
    }

    @Test
    void vectorsOfTheWrongSizeAreRefused() {
        try (KnowledgeIndex index = KnowledgeIndex.inMemory(8)) {
            assertThatThrownBy(() -> index.replaceDocument("t", "kb", "d", List.of(chunk("t", "kb", "d", 0, "x", List.of()))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 dimensions");
        }
    }
}
