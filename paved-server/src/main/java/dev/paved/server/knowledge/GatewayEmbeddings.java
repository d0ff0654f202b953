package dev.paved.server.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Ids;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.chat.ClientChannel;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.embed.EmbeddingsPipeline;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.gateway.usage.TokenEstimator;
import dev.paved.gateway.wire.Json;
import dev.paved.knowledge.chunk.TokenCounter;
import dev.paved.knowledge.embed.Embedder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Embedding models reached through the gateway: a knowledge base whose model is {@code gateway:<alias>} embeds with
 * that embedding alias, through the same pipeline as {@code POST /v1/embeddings} (routing, provider call, ledger row
 * attributed to the knowledge base's tenant with feature {@value #FEATURE}, metrics, traces).
 */
public final class GatewayEmbeddings {

    public static final String PREFIX = "gateway:";
    static final String FEATURE = "knowledge";
    /** Texts per gateway call. */
    static final int BATCH = 128;
    /** Tokens a chunk may have: OpenAI's embedding input limit; other providers' limits may be lower. */
    static final int MAX_TOKENS = 8191;
    private static final long TIMEOUT_SECONDS = 120;

    private final EmbeddingsPipeline pipeline;
    private final AliasRouter router;
    private final TokenEstimator tokens = new TokenEstimator();
    private final Map<String, Integer> dimensions = new ConcurrentHashMap<>();

    public GatewayEmbeddings(EmbeddingsPipeline pipeline, AliasRouter router) {
        this.pipeline = pipeline;
        this.router = router;
    }

    /** The embedder of {@code gateway:<alias>} for one tenant; {@link IllegalArgumentException} when no such alias. */
    Embedder embedder(String id, String tenantId) {
        String alias = id.substring(PREFIX.length());
        try {
            router.route(context(tenantId), alias, AliasKind.EMBEDDING);
        } catch (PavedException e) {
            throw new IllegalArgumentException("'" + id + "' names no embedding alias of the gateway: " + e.getMessage());
        }
        return new AliasEmbedder(id, alias, tenantId);
    }

    private static RequestContext context(String tenantId) {
        return new RequestContext(Ids.requestId(), Ids.traceId(), Ids.spanId(), tenantId, null, FEATURE, Set.of());
    }

    private final class AliasEmbedder implements Embedder {
        private final String id;
        private final String alias;
        private final String tenantId;

        AliasEmbedder(String id, String alias, String tenantId) {
            this.id = id;
            this.alias = alias;
            this.tenantId = tenantId;
        }

        @Override
        public String id() {
            return id;
        }

        /** Learned from the provider's first answer (one probe call when nothing was embedded yet). */
        @Override
        public int dimensions() {
            Integer d = dimensions.get(alias);
            return d != null ? d : embedQuery("dimension probe").length;
        }

        @Override
        public List<float[]> embedDocuments(List<String> texts) {
            List<float[]> out = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i += BATCH) {
                out.addAll(call(texts.subList(i, Math.min(texts.size(), i + BATCH))));
            }
            return out;
        }

        @Override
        public float[] embedQuery(String query) {
            return call(List.of(query)).get(0);
        }

        @Override
        public TokenCounter tokenCounter() {
            return tokens::count;
        }

        @Override
        public int maxChunkTokens() {
            return MAX_TOKENS;
        }

        private List<float[]> call(List<String> texts) {
            ObjectNode body = Json.object();
            body.put("model", alias);
            texts.forEach(body.putArray("input")::add);
            CapturedResponse response = new CapturedResponse();
            pipeline.handle(context(tenantId), body, response);
            JsonNode answer;
            try {
                answer = response.result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while embedding through " + id, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("embedding through " + id + " took over " + TIMEOUT_SECONDS + " s");
            } catch (ExecutionException e) {
                throw new IllegalStateException("embedding through " + id + " failed: " + e.getCause().getMessage(), e.getCause());
            }
            JsonNode data = answer.path("data");
            if (!data.isArray() || data.size() != texts.size()) {
                throw new IllegalStateException("embedding through " + id + " returned " + data.size() + " vectors for "
                        + texts.size() + " texts");
            }
            float[][] vectors = new float[texts.size()][];
            for (JsonNode item : data) {
                int index = item.path("index").asInt(-1);
                JsonNode values = item.path("embedding");
                if (index < 0 || index >= vectors.length || !values.isArray() || values.isEmpty()) {
                    throw new IllegalStateException("embedding through " + id + " returned an unusable item");
                }
                float[] v = new float[values.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) values.get(i).asDouble();
                }
                vectors[index] = dev.paved.embedding.VectorMath.normalized(v);
            }
            dimensions.putIfAbsent(alias, vectors[0].length);
            return List.of(vectors);
        }
    }

    /** The gateway's answer captured in-process instead of written to an HTTP response. */
    private static final class CapturedResponse implements ClientChannel {
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();

        @Override
        public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
            JsonNode parsed = Json.parseOrNull(body.getBytes());
            if (status / 100 != 2 || parsed == null) {
                result.completeExceptionally(new IllegalStateException("HTTP " + status));
            } else {
                result.complete(parsed);
            }
        }

        @Override
        public void beginStream(MultiMap extraHeaders) {
            result.completeExceptionally(new IllegalStateException("the embeddings pipeline started a stream"));
        }

        @Override
        public void write(Buffer sseBytes) {
        }

        @Override
        public void end() {
        }

        @Override
        public void fail(PavedException error) {
            result.completeExceptionally(error);
        }

        @Override
        public boolean streamStarted() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return !result.isDone();
        }

        @Override
        public void onClientGone(Runnable action) {
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void onDrain(Runnable action) {
            action.run();
        }
    }
}
