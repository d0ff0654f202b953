package dev.paved.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.chat.ChatPipeline;
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
        ObjectNode body = parse(rc, WireFormat.OPENAI);
        if (body != null) {
            RequestContext ctx = ApiAuth.context(rc);
            ClientChannel channel = guard.before(ctx, "openai.chat", WireFormat.OPENAI, body, new HttpChannel(rc.response(), WireFormat.OPENAI));
            if (channel != null) {
                chat.handle(ctx, WireFormat.OPENAI, body, null, channel);
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
        ObjectNode body = parse(rc, WireFormat.ANTHROPIC);
        if (body != null) {
            RequestContext ctx = ApiAuth.context(rc);
            ClientChannel channel = guard.before(ctx, "anthropic.messages", WireFormat.ANTHROPIC, body,
                    new HttpChannel(rc.response(), WireFormat.ANTHROPIC));
            if (channel != null) {
                chat.handle(ctx, WireFormat.ANTHROPIC, body, rc.request().getHeader("anthropic-beta"), channel);
            }
        }
    }

    void embeddings(RoutingContext rc) {
        ObjectNode body = parse(rc, WireFormat.OPENAI);
        if (body != null) {
            embeddings.handle(ApiAuth.context(rc), body, new HttpChannel(rc.response(), WireFormat.OPENAI));
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

    private static ObjectNode parse(RoutingContext rc, WireFormat format) {
        try {
            return JsonBodies.object(rc);
        } catch (PavedException e) {
            ErrorResponses.send(rc.response(), format, e);
            return null;
        }
    }
}
