package dev.paved.gateway.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import dev.paved.core.RequestContext;
import dev.paved.core.Usage;
import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import dev.paved.gateway.chat.CallObserver;
import dev.paved.gateway.chat.CallRecorder;
import dev.paved.gateway.chat.ClientChannel;
import dev.paved.gateway.config.AliasKind;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.policy.Admission;
import dev.paved.gateway.policy.AdmissionRequest;
import dev.paved.gateway.policy.TrafficClass;
import dev.paved.gateway.policy.TrafficPolicy;
import dev.paved.gateway.provider.ProviderEndpoints;
import dev.paved.gateway.provider.UpstreamHttp;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.gateway.route.Route;
import dev.paved.gateway.wire.Json;
import dev.paved.gateway.wire.OpenAiRequests;
import dev.paved.gateway.wire.UpstreamErrors;
import dev.paved.gateway.wire.Usages;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: in-process models for aliases on the {@code local} provider (no key
 * needed), or forwarded to an OpenAI-compatible provider.
 */
public final class EmbeddingsPipeline {
    /** OpenAI's own limit on inputs per request. */
    static final int MAX_INPUTS = 2048;

    private final Vertx vertx;
    private final AliasRouter router;
    private final UpstreamHttp http;
    private final CallObserver observer;
    private final TrafficPolicy policy;

    public EmbeddingsPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, CallObserver observer) {
        this(vertx, router, http, observer, TrafficPolicy.OPEN);
    }

    public EmbeddingsPipeline(Vertx vertx, AliasRouter router, UpstreamHttp http, CallObserver observer, TrafficPolicy policy) {
        this.vertx = vertx;
        this.router = router;
        this.http = http;
        this.observer = observer;
        this.policy = policy;
    }

    public void handle(RequestContext ctx, ObjectNode body, ClientChannel channel) {
        handle(ctx, body, TrafficClass.INTERACTIVE, channel);
    }

    /** Validates, passes the traffic policy (limits, budgets, switches), routes and embeds. */
    public void handle(RequestContext ctx, ObjectNode body, TrafficClass trafficClass, ClientChannel channel) {
        CallRecorder rec = new CallRecorder(ctx, "openai.embeddings", observer);
        rec.alias(body.path("model").asText(null));
        try {
            OpenAiRequests.validateEmbeddings(body);
        } catch (PavedException e) {
            failed(rec, channel, e);
            return;
        }
        Future<Admission> admitted;
        try {
            admitted = policy.admit(new AdmissionRequest(ctx, body.get("model").asText(), AliasKind.EMBEDDING, false, 0, 0, trafficClass));
        } catch (RuntimeException e) {
            admitted = Future.failedFuture(e);
        }
        admitted.onComplete(ar -> {
            if (ar.failed()) {
                failed(rec, channel, ar.cause() instanceof PavedException p ? p
                        : new PavedException(ErrorKind.INTERNAL, "The gateway's traffic policy failed. Retry; if it persists, tell your platform team."));
                return;
            }
            Admission admission = ar.result();
            rec.whenDone(admission::release);
            rec.decisions(admission.decisions());
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            admission.headers().forEach(headers::set);
            Route route;
            try {
                route = router.route(ctx, admission.alias(), AliasKind.EMBEDDING);
                rec.route(route);
            } catch (PavedException e) {
                failed(rec, channel, e);
                return;
            }
            if (route.provider().type() == ProviderType.LOCAL) {
                local(rec, channel, route, body, headers);
            } else {
                remote(rec, channel, route, body, headers);
            }
        });
    }

    private void local(CallRecorder rec, ClientChannel channel, Route route, ObjectNode body, MultiMap headers) {
        List<String> texts;
        boolean base64;
        EmbeddingModel model;
        try {
            texts = texts(body.get("input"));
            base64 = "base64".equals(body.path("encoding_format").asText("float"));
            model = EmbeddingModels.get(route.target().model());
            JsonNode dims = body.get("dimensions");
            if (dims != null && !dims.isNull() && dims.asInt() != model.dimensions()) {
                throw new PavedException(ErrorKind.INVALID_REQUEST, "The model '" + route.alias().name() + "' produces "
                        + model.dimensions() + "-dimensional vectors and cannot shorten them; omit 'dimensions' or send " + model.dimensions() + ".",
                        "dimensions", "unsupported_dimensions");
            }
        } catch (PavedException e) {
            failed(rec, channel, e);
            return;
        } catch (IllegalArgumentException e) {
            failed(rec, channel, new PavedException(ErrorKind.INTERNAL, e.getMessage(), null, "model_unavailable"));
            return;
        }
        vertx.executeBlocking(() -> {
            List<float[]> vectors = model.embed(texts);
            long promptTokens = 0;
            for (String t : texts) {
                promptTokens += model.countTokens(t);
            }
            return new Result(vectors, promptTokens);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                failed(rec, channel, new PavedException(ErrorKind.INTERNAL, "The local embedding model failed: " + ar.cause().getMessage(),
                        null, "embedding_failed"));
                return;
            }
            Result r = ar.result();
            rec.usage(Usage.of(r.promptTokens, 0), "provider");
            channel.sendJson(200, Buffer.buffer(Json.bytes(response(route.alias().name(), r, base64))), headers);
            rec.succeeded(200);
        });
    }

    private record Result(List<float[]> vectors, long promptTokens) {
    }

    private static ObjectNode response(String alias, Result r, boolean base64) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < r.vectors.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            float[] v = r.vectors.get(i);
            if (base64) {
                ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(v);
                item.put("embedding", Base64.getEncoder().encodeToString(bb.array()));
            } else {
                ArrayNode arr = item.putArray("embedding");
                for (float f : v) {
                    arr.add(f);
                }
            }
        }
        root.put("model", alias);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", r.promptTokens);
        usage.put("total_tokens", r.promptTokens);
        return root;
    }

    static List<String> texts(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input.isTextual()) {
            out.add(input.asText());
        } else {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new PavedException(ErrorKind.INVALID_REQUEST,
                            "The local embedding models take text input only; send 'input' as a string or an array of strings.",
                            "input", "unsupported_input");
                }
                out.add(item.asText());
            }
        }
        if (out.size() > MAX_INPUTS) {
            throw new PavedException(ErrorKind.INVALID_REQUEST, "Too many inputs: " + out.size() + "; send at most " + MAX_INPUTS
                    + " per request.", "input", "too_many_inputs");
        }
        return out;
    }

    private void remote(CallRecorder rec, ClientChannel channel, Route route, ObjectNode body, MultiMap headers) {
        body.put("model", route.target().model());
        UpstreamHttp.Call call = http.post(ProviderEndpoints.embeddings(route.provider(), Buffer.buffer(Json.bytes(body)), rec.traceparent()));
        channel.onClientGone(() -> {
            call.cancel();
            rec.failed(499, "client_disconnected");
        });
        call.response().compose(resp -> resp.body().map(b -> new Object[] {resp.statusCode(), b})).onComplete(ar -> {
            if (rec.finished()) {
                return;
            }
            if (ar.failed()) {
                failed(rec, channel, new PavedException(ErrorKind.UPSTREAM, "The call to the provider '" + route.provider().name()
                        + "' failed (" + ar.cause().getMessage() + "). Retry later.", null, "upstream_error"));
                return;
            }
            int status = (Integer) ar.result()[0];
            Buffer buf = (Buffer) ar.result()[1];
            if (status >= 300) {
                PavedException e = UpstreamErrors.parse(status, buf.getBytes());
                failed(rec, channel, status >= 500 ? new PavedException(ErrorKind.UPSTREAM, e.getMessage(), null, "upstream_error") : e);
                return;
            }
            JsonNode parsed = Json.parseOrNull(buf.getBytes());
            Usage usage = parsed == null ? null : Usages.fromOpenAi(parsed.get("usage"));
            rec.usage(usage == null ? Usage.ZERO : usage, usage == null ? "none" : "provider");
            channel.sendJson(200, buf, headers);
            rec.succeeded(200);
        });
    }

    private static void failed(CallRecorder rec, ClientChannel channel, PavedException e) {
        channel.fail(e);
        rec.failed(e.status(), e.code() == null ? e.kind().type() : e.code());
    }
}
