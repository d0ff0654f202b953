package dev.paved.server.rag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheRequest;
import dev.paved.gateway.chat.CallOptions;
import dev.paved.gateway.policy.TrafficClass;
import dev.paved.gateway.wire.Json;
import dev.paved.rag.RagFeature;
import dev.paved.rag.StepLog;
import dev.paved.rag.rewrite.QueryRewriter;
import dev.paved.rag.rewrite.RewritePrompt;
import dev.paved.rag.session.SessionMemory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Step 4 with a model: the feature's {@code rewrite.alias} writes the search queries through the gateway. */
final class ModelRewrite {
    static final int TIMEOUT_SECONDS = 30;

    private ModelRewrite() {
    }

    /**
     * Step 4 with the feature's rewrite alias: one non-streaming gateway call (its own ledger row, API {@code rag.rewrite}),
     * waited for on this worker thread. Null when no alias is set; the local rewrite then runs, as it does when the
     * call fails or its reply holds no query (recorded as an attribute).
     */
    static QueryRewriter.Rewrite run(RagService.Parts parts, RequestContext ctx, RagFeature feature, SessionMemory.State history, String query,
                                     StepLog.Open current) {
        String alias = feature.rewrite().alias();
        if (alias == null) {
            return null;
        }
        current.attribute("rewrite_alias", alias);
        if (!ctx.mayUse(alias)) {
            current.attribute("model_rewrite", "model_not_allowed");
            return null;
        }
        ObjectNode body = Json.object();
        body.put("model", alias);
        body.put("max_tokens", 64 * feature.rewrite().maxSubqueries());
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", RewritePrompt.system(feature.rewrite().maxSubqueries()));
        messages.addObject().put("role", "user").put("content",
                RewritePrompt.user(history.isEmpty() ? null : SessionMemory.render(history, feature.historyTurns()), query));
        CompletableFuture<String> reply = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        GatewayStream channel = new GatewayStream(new GatewayStream.Listener() {
            @Override
            public void delta(String t) {
                text.append(t);
            }

            @Override
            public void completed() {
                reply.complete(text.toString());
            }

            @Override
            public void failed(PavedException error) {
                reply.completeExceptionally(error);
            }

            @Override
            public boolean clientBusy() {
                return false;
            }

            @Override
            public void onClientDrained(Runnable action) {
                action.run();
            }
        });
        CallOptions options = new CallOptions(null, TrafficClass.INTERACTIVE, false, new CacheRequest(true, true, false, null, null));
        parts.vertx().runOnContext(v -> parts.chat().handle(ctx, "rag.rewrite", WireFormat.OPENAI, body, options, channel, null));
        try {
            List<String> queries = RewritePrompt.queries(reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    feature.rewrite().maxSubqueries());
            if (queries.isEmpty()) {
                current.attribute("model_rewrite", "no_query_in_reply");
                return null;
            }
            return new QueryRewriter.Rewrite(queries, "model");
        } catch (ExecutionException | TimeoutException e) {
            channel.cancel();
            current.attribute("model_rewrite", e.getCause() instanceof PavedException p ? "failed:" + (p.code() != null ? p.code() : p.kind().type()) : "failed:timeout");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.cancel();
            return null;
        }
    }

}
