package dev.paved.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.core.Usage;
import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.config.CacheConfig;
import dev.paved.gateway.wire.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ResponseCache cache = new ResponseCache(CacheConfig.DEFAULTS, () -> EmbeddingModels.get("bge-small-en-v1.5"),
            CacheReplicator.LOCAL, now::get);

    @AfterEach
    void close() {
        cache.close();
    }

    private static RequestContext ctx(String tenant) {
        return new RequestContext("r", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", tenant, "key", null, Set.of());
    }

    private static ObjectNode ask(String question) {
        return (ObjectNode) Json.parseOrNull(("{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\""
                + question + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private CacheLookup prepare(String tenant, String question) {
        return cache.prepare(ctx(tenant), WireFormat.OPENAI, "alias", ask(question), CacheRequest.DEFAULT);
    }

    private void store(String tenant, String question) {
        CacheLookup l = prepare(tenant, question);
        assertThat(cache.find(l)).isEmpty();
        cache.put(l, "{\"choices\":[{\"message\":{\"content\":\"Paris\"}}]}".getBytes(StandardCharsets.UTF_8), Usage.of(10, 2),
                new BigDecimal("0.001"), "oa", "m");
    }

    @Test
    void similarQuestionsHitWithTheirSimilarity() {
        store("tn_a", "What is the capital city of France?");
        Optional<CacheHit> hit = cache.find(prepare("tn_a", "What's the capital city of France?"));
        assertThat(hit).isPresent();
        assertThat(hit.get().kind()).isEqualTo("semantic");
        assertThat(hit.get().similarity()).isBetween(0.93, 1.0);
        assertThat(cache.find(prepare("tn_a", "How do volcanoes form under the ocean?"))).isEmpty();
        // The threshold is inclusive.
        double sim = hit.get().similarity();
        CacheRequest atEdge = new CacheRequest(false, false, false, sim, null);
        CacheRequest above = new CacheRequest(false, false, false, Math.nextUp(sim), null);
        ObjectNode similar = ask("What's the capital city of France?");
        assertThat(cache.find(cache.prepare(ctx("tn_a"), WireFormat.OPENAI, "alias", similar, atEdge))).isPresent();
        assertThat(cache.find(cache.prepare(ctx("tn_a"), WireFormat.OPENAI, "alias", similar, above))).isEmpty();
        assertThat(cache.find(prepare("tn_b", "What is the capital city of France?"))).isEmpty();
    }

    @Test
    void indexedEntriesAreFoundAfterARefresh() throws InterruptedException {
        store("tn_a", "What is the capital city of France?");
        Thread.sleep(1_100);
        assertThat(cache.find(prepare("tn_a", "Which city is the capital of Italy?"))).isEmpty();
        Optional<CacheHit> hit = cache.find(prepare("tn_a", "What's the capital city of France?"));
        assertThat(hit).isPresent();
        assertThat(cache.find(prepare("tn_a", "What is the capital city of France?")).orElseThrow().kind()).isEqualTo("exact");
    }

    @Test
    void expiredEntriesAreNotServedAndTenantsAreCappedOldestFirst() {
        store("tn_a", "What is the capital city of France?");
        now.addAndGet(CacheConfig.DEFAULTS.ttl().toMillis() + 1);
        assertThat(cache.find(prepare("tn_a", "What is the capital city of France?"))).isEmpty();
        ResponseCache small = new ResponseCache(new CacheConfig(true, CacheConfig.DEFAULTS.ttl(), 2, 0.2, true, 0.93, 0.88,
                "bge-small-en-v1.5", Map.of(), Map.of()), () -> EmbeddingModels.get("bge-small-en-v1.5"), CacheReplicator.LOCAL, now::get);
        try {
            for (String q : new String[] {"one question", "two question", "three question"}) {
                CacheLookup l = small.prepare(ctx("tn_a"), WireFormat.OPENAI, "alias", ask(q), CacheRequest.DEFAULT);
                small.put(l, "{}".getBytes(StandardCharsets.UTF_8), Usage.ZERO, BigDecimal.ZERO, "oa", "m");
            }
            assertThat(small.store().sizeOf("tn_a")).isEqualTo(2);
            assertThat(small.store().evictions()).isEqualTo(1);
        } finally {
            small.close();
        }
    }

    /** The real model, counting the texts it embeds as they are and as search queries. */
    private record Counting(EmbeddingModel model, AtomicInteger texts, AtomicInteger queries) implements EmbeddingModel {
        Counting(EmbeddingModel model) {
            this(model, new AtomicInteger(), new AtomicInteger());
        }

        @Override
        public String id() {
            return model.id();
        }

        @Override
        public int dimensions() {
            return model.dimensions();
        }

        @Override
        public int maxTokens() {
            return model.maxTokens();
        }

        @Override
        public List<float[]> embed(List<String> in) {
            texts.addAndGet(in.size());
            return model.embed(in);
        }

        @Override
        public float[] embedQuery(String query) {
            queries.incrementAndGet();
            return model.embedQuery(query);
        }

        @Override
        public int countTokens(String text) {
            return model.countTokens(text);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void searchFormLookupsEmbedOnceWithTheQueryInstructionAndNeverMeetTextEntries() {
        EmbeddingModel bge = EmbeddingModels.get("bge-small-en-v1.5");
        Counting counting = new Counting(bge);
        ResponseCache c = new ResponseCache(CacheConfig.DEFAULTS, () -> counting, CacheReplicator.LOCAL, now::get);
        try {
            String q = "What is the capital city of France?";
            CacheLookup l = c.prepare(ctx("tn_a"), WireFormat.OPENAI, "alias", ask(q), CacheRequest.DEFAULT, QueryForm.SEARCH);
            assertThat(l.vector()).isNull();
            assertThat(c.find(l)).isEmpty();
            // One embedding, in the form retrieval uses, for the lookup and the write-back alike.
            assertThat(l.vector()).containsExactly(bge.embedQuery(q));
            assertThat(l.embeddingModel()).isEqualTo("bge-small-en-v1.5");
            assertThat(l.query()).isEqualTo(q);
            c.put(l, "{\"choices\":[{\"message\":{\"content\":\"Paris\"}}]}".getBytes(StandardCharsets.UTF_8), Usage.of(10, 2),
                    BigDecimal.ONE, "oa", "m");
            assertThat(counting.queries()).hasValue(1);
            assertThat(counting.texts()).hasValue(0);

            CacheLookup similar = c.prepare(ctx("tn_a"), WireFormat.OPENAI, "alias", ask("What's the capital city of France?"),
                    CacheRequest.DEFAULT, QueryForm.SEARCH);
            assertThat(c.find(similar)).hasValueSatisfying(h -> assertThat(h.kind()).isEqualTo("semantic"));
            // The same question embedded as plain text is another vector space: never compared with search-form entries.
            CacheLookup text = c.prepare(ctx("tn_a"), WireFormat.OPENAI, "alias", ask(q), CacheRequest.DEFAULT);
            assertThat(text.form()).isEqualTo(QueryForm.TEXT);
            assertThat(c.find(text)).isEmpty();
            assertThat(counting.texts()).hasValue(1);
            c.put(text, "{}".getBytes(StandardCharsets.UTF_8), Usage.ZERO, BigDecimal.ZERO, "oa", "m");
            CacheLookup again = c.prepare(ctx("tn_a"), WireFormat.OPENAI, "alias", ask(q), CacheRequest.DEFAULT, QueryForm.SEARCH);
            assertThat(c.find(again)).hasValueSatisfying(h -> assertThat(Json.parseOrNull(h.answer().response()).toString()).contains("Paris"));
        } finally {
            c.close();
        }
    }
}
