package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.cache.CacheRequest;
import dev.paved.gateway.chat.CallOptions;
import dev.paved.gateway.chat.ChatPipeline;
import dev.paved.gateway.policy.TrafficClass;
import dev.paved.gateway.chat.ClientChannel;
import dev.paved.gateway.guard.ChatGuard;
import dev.paved.gateway.config.AliasConfig;
import dev.paved.gateway.embed.EmbeddingsPipeline;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.gateway.wire.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The model-traffic endpoints of both wire APIs; thin: parse, then hand over to the gateway pipelines. */
final class ModelApi {
    private final ChatPipeline chat;
    private final EmbeddingsPipeline embeddings;
    private final AliasRouter router;
    private final long createdEpochSeconds;
    private final ChatGuard guard;

    ModelApi(ChatPipeline chat, EmbeddingsPipeline embeddings, AliasRouter router, long createdEpochSeconds, ChatGuard guard) {
        this.chat = chat;
        this.embeddings = embeddings;
        this.router = router;
        this.createdEpochSeconds = createdEpochSeconds;
        this.guard = guard;
    }

    void chatCompletions(RoutingContext rc) {
        CallOptions options = options(rc, WireFormat.OPENAI, null);
        ObjectNode body = options == null ? null : parse(rc, WireFormat.OPENAI);
        if (body != null) {
            RequestContext ctx = ApiAuth.context(rc);
            ClientChannel channel = guard.before(ctx, "openai.chat", WireFormat.OPENAI, body, new HttpChannel(rc.response(), WireFormat.OPENAI));
            if (channel != null) {
                chat.handle(ctx, WireFormat.OPENAI, body, options, channel);
            }
        }
    }

    void messages(RoutingContext rc) {
        String version = rc.request().getHeader("anthropic-version");
        if (version == null || version.isBlank()) {
            ErrorResponses.send(rc.response(), WireFormat.ANTHROPIC, new PavedException(dev.paved.core.ErrorKind.INVALID_REQUEST,
                    "The anthropic-version header is required, e.g. 'anthropic-version: 2023-06-01'.", null, "missing_anthropic_version"));
            return;
        }
        CallOptions options = options(rc, WireFormat.ANTHROPIC, rc.request().getHeader("anthropic-beta"));
        ObjectNode body = options == null ? null : parse(rc, WireFormat.ANTHROPIC);
        if (body != null) {
            RequestContext ctx = ApiAuth.context(rc);
            ClientChannel channel = guard.before(ctx, "anthropic.messages", WireFormat.ANTHROPIC, body,
                    new HttpChannel(rc.response(), WireFormat.ANTHROPIC));
            if (channel != null) {
                chat.handle(ctx, WireFormat.ANTHROPIC, body, options, channel);
            }
        }
    }

    void embeddings(RoutingContext rc) {
        ObjectNode body = parse(rc, WireFormat.OPENAI);
        CallOptions options = body == null ? null : options(rc, WireFormat.OPENAI, null);
        if (options != null) {
            embeddings.handle(ApiAuth.context(rc), body, options.trafficClass(), new HttpChannel(rc.response(), WireFormat.OPENAI));
        }
    }

    void listModels(RoutingContext rc) {
        RequestContext ctx = ApiAuth.context(rc);
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (AliasConfig a : router.visibleTo(ctx)) {
            data.add(model(a));
        }
        rc.response().putHeader("content-type", "application/json").end(Json.write(root));
    }

    void getModel(RoutingContext rc) {
        RequestContext ctx = ApiAuth.context(rc);
        String id = rc.pathParam("model");
        List<AliasConfig> visible = router.visibleTo(ctx);
        for (AliasConfig a : visible) {
            if (a.name().equals(id)) {
                rc.response().putHeader("content-type", "application/json").end(Json.write(model(a)));
                return;
            }
        }
        ErrorResponses.send(rc.response(), WireFormat.OPENAI, new PavedException(dev.paved.core.ErrorKind.NOT_FOUND,
                "The model '" + id + "' does not exist or this key may not use it.", "model", "model_not_found"));
    }

    private JsonNode model(AliasConfig a) {
        ObjectNode m = Json.object();
        m.put("id", a.name());
        m.put("object", "model");
        m.put("created", createdEpochSeconds);
        m.put("owned_by", "paved");
        m.put("type", a.kind().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    /** Header-borne call settings; an invalid traffic class is a 400 (answered here, null returned). */
    private static CallOptions options(RoutingContext rc, WireFormat format, String anthropicBeta) {
        try {
            return new CallOptions(anthropicBeta, TrafficClass.parse(rc.request().getHeader("x-paved-traffic-class")),
                    "true".equalsIgnoreCase(rc.request().getHeader("x-paved-dedup")),
                    CacheRequest.fromHeaders(rc.request().getHeader("cache-control"), rc.request().getHeader("x-paved-cache"),
                            rc.request().getHeader("x-paved-cache-threshold")));
        } catch (IllegalArgumentException e) {
            ErrorResponses.send(rc.response(), format, new PavedException(dev.paved.core.ErrorKind.INVALID_REQUEST, e.getMessage(),
                    null, "invalid_header"));
            return null;
        }
    }

    private static ObjectNode parse(RoutingContext rc, WireFormat format) {
        try {
            return JsonBodies.object(rc);
        } catch (PavedException e) {
            ErrorResponses.send(rc.response(), format, e);
            return null;
        }
    }
}
