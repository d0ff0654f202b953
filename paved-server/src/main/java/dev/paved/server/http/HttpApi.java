package dev.paved.server.http;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.gateway.WireFormat;
import dev.paved.server.auth.JwtAuthenticator;
import dev.paved.server.auth.KeyAuthenticator;
import dev.paved.server.auth.jwt.JwtSettings;
import dev.paved.server.auth.jwt.TokenVerifier;
import dev.paved.server.telemetry.Tracing;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** All HTTP routes of the platform, with error rendering in each API's own format. */
public final class HttpApi {
    private HttpApi() {
    }

    /** What the router needs from the rest of the server. */
    public record Parts(Tracing tracing, KeyAuthenticator keys, ModelApiParts models, AdminApi admin, OpsApiParts ops,
                        long maxBodyBytes, KnowledgeApiParts knowledge, RagApi rag, JwtAuthenticator tokens) {
        public Parts(Tracing tracing, KeyAuthenticator keys, ModelApiParts models, AdminApi admin, OpsApiParts ops, long maxBodyBytes) {
            this(tracing, keys, models, admin, ops, maxBodyBytes, null, null, null);
        }

        public Parts(Tracing tracing, KeyAuthenticator keys, ModelApiParts models, AdminApi admin, OpsApiParts ops, long maxBodyBytes,
                     KnowledgeApiParts knowledge) {
            this(tracing, keys, models, admin, ops, maxBodyBytes, knowledge, null, null);
        }
    }

    /** The knowledge API, and where and how large its multipart uploads may be. */
    public record KnowledgeApiParts(KnowledgeApi api, String uploadsDirectory, long maxUploadBytes) {
    }

    public record ModelApiParts(dev.paved.gateway.chat.ChatPipeline chat, dev.paved.gateway.embed.EmbeddingsPipeline embeddings,
                                dev.paved.gateway.route.AliasRouter router, long createdEpochSeconds,
                                dev.paved.gateway.guard.ChatGuard guard) {
        public ModelApiParts(dev.paved.gateway.chat.ChatPipeline chat, dev.paved.gateway.embed.EmbeddingsPipeline embeddings,
                             dev.paved.gateway.route.AliasRouter router, long createdEpochSeconds) {
            this(chat, embeddings, router, createdEpochSeconds, dev.paved.gateway.guard.ChatGuard.NONE);
        }
    }

    public record OpsApiParts(io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry,
                              java.util.function.BooleanSupplier databaseReachable) {
    }

    public static Router create(Vertx vertx, Parts parts) {
        Router router = Router.router(vertx);
        Edge edge = new Edge(parts.tracing());
        ModelApi models = new ModelApi(parts.models().chat(), parts.models().embeddings(), parts.models().router(),
                parts.models().createdEpochSeconds(), parts.models().guard());
        OpsApi ops = new OpsApi(vertx, parts.ops().registry(), parts.ops().databaseReachable());
        BodyHandler body = BodyHandler.create(false).setBodyLimit(parts.maxBodyBytes());
        JwtAuthenticator tokens = parts.tokens() != null ? parts.tokens()
                : new JwtAuthenticator(vertx, JwtSettings.none(), new TokenVerifier()::verify, null, java.time.Clock.systemUTC());
        ApiAuth openAiAuth = new ApiAuth(parts.keys(), tokens, WireFormat.OPENAI);
        ApiAuth anthropicAuth = new ApiAuth(parts.keys(), tokens, WireFormat.ANTHROPIC);

        api(router.post("/v1/chat/completions"), WireFormat.OPENAI, edge, body, openAiAuth, models::chatCompletions);
        api(router.post("/v1/embeddings"), WireFormat.OPENAI, edge, body, openAiAuth, models::embeddings);
        api(router.get("/v1/models"), WireFormat.OPENAI, edge, null, openAiAuth, models::listModels);
        api(router.get("/v1/models/:model"), WireFormat.OPENAI, edge, null, openAiAuth, models::getModel);
        api(router.post("/v1/messages"), WireFormat.ANTHROPIC, edge, body, anthropicAuth, models::messages);

        parts.admin().mount(router, edge, body);
        if (parts.knowledge() != null) {
            BodyHandler uploads = BodyHandler.create(parts.knowledge().uploadsDirectory())
                    .setBodyLimit(parts.knowledge().maxUploadBytes()).setDeleteUploadedFilesOnEnd(true);
            parts.knowledge().api().mount(router, edge, body, uploads, openAiAuth);
        }
        if (parts.rag() != null) {
            parts.rag().mount(router, edge, body, openAiAuth);
        }

        router.get("/health").handler(ops::health);
        router.get("/ready").handler(ops::ready);
        router.get("/metrics").handler(ops::metrics);

        router.route("/v1/*").handler(edge).handler(rc -> ErrorResponses.send(rc.response(),
                rc.request().path().startsWith("/v1/messages") ? WireFormat.ANTHROPIC : WireFormat.OPENAI,
                notFoundOrMethod(rc)));
        router.errorHandler(404, rc -> ErrorResponses.send(rc.response(), WireFormat.OPENAI, notFoundOrMethod(rc)));
        router.errorHandler(405, rc -> ErrorResponses.send(rc.response(), WireFormat.OPENAI, notFoundOrMethod(rc)));
        return router;
    }

    static void api(Route route, WireFormat format, Edge edge, BodyHandler body, ApiAuth auth, Handler<RoutingContext> handler) {
        if (body != null) {
            route.handler(body);
        }
        route.handler(edge);
        route.handler(auth).handler(rc -> {
            try {
                handler.handle(rc);
            } catch (PavedException e) {
                ErrorResponses.send(rc.response(), format, e);
            }
        });
        route.failureHandler(rc -> {
            edge.begin(rc); // failures raised before the edge handler ran (413 from the body handler)
            ErrorResponses.send(rc.response(), format, failure(rc));
        });
    }

    static PavedException failure(RoutingContext rc) {
        if (rc.failure() instanceof PavedException pe) {
            return pe;
        }
        int status = rc.statusCode();
        if (status == 413) {
            return new PavedException(ErrorKind.PAYLOAD_TOO_LARGE,
                    "The request body is larger than this gateway accepts. Send less content, or ask your platform team to raise PAVED_MAX_BODY_BYTES.",
                    null, "request_too_large");
        }
        if (status == 400) {
            return new PavedException(ErrorKind.INVALID_REQUEST, "The request could not be read.", null, "bad_request");
        }
        return new PavedException(ErrorKind.INTERNAL, "Internal error; the request id in x-request-id helps the platform team find it.",
                null, "internal_error", rc.failure());
    }

    private static PavedException notFoundOrMethod(RoutingContext rc) {
        return new PavedException(ErrorKind.NOT_FOUND, "No endpoint " + rc.request().method() + " " + rc.request().path()
                + ". Paved serves POST /v1/chat, POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models, POST /v1/messages, /v1/kb/{kb}/... and POST /v1/rerank.", null, "unknown_endpoint");
    }
}
