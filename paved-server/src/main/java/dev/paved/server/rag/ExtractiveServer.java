package dev.paved.server.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.Ids;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.config.ProviderConfig;
import dev.paved.gateway.config.ProviderType;
import dev.paved.gateway.wire.Json;
import dev.paved.rag.Tokens;
import dev.paved.rag.answer.ExtractiveAnswerer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Serves the extractive answerer in the OpenAI chat-completions protocol on a loopback port, so the gateway routes,
 * limits, meters and records it like any provider. Only the Paved process knows the port and the random bearer
 * token it requires. The answer is built from the {@code <source>} blocks of the last user message.
 */
public final class ExtractiveServer implements AutoCloseable {
    static final int MAX_SENTENCES = 4;
    private static final int DEFAULT_MAX_TOKENS = 512;

    private final HttpServer server;
    private final String token = Ids.prefixed("ext") + Ids.prefixed("k");
    private final ExtractiveAnswerer answerer;
    private final Tokens tokens = Tokens.bpe();

    private ExtractiveServer(Vertx vertx) {
        this.answerer = new ExtractiveAnswerer(tokens, MAX_SENTENCES);
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
    }

    /** Starts on a free loopback port; blocking. */
    public static ExtractiveServer start(Vertx vertx) throws Exception {
        ExtractiveServer s = new ExtractiveServer(vertx);
        s.server.requestHandler(s::handle).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return s;
    }

    /** The gateway configuration with every extractive provider pointed at this server. */
    public GatewayConfig wire(GatewayConfig g) {
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        g.providers().forEach((name, p) -> providers.put(name, p.type() != ProviderType.EXTRACTIVE ? p
                : new ProviderConfig(p.name(), p.type(), URI.create("http://127.0.0.1:" + server.actualPort() + "/v1"), token, null,
                        Map.of(), p.timeout())));
        return new GatewayConfig(providers, g.aliases(), g.pricing(), g.resilience(), g.cache());
    }

    private void handle(HttpServerRequest req) {
        HttpServerResponse resp = req.response();
        String auth = req.getHeader("authorization");
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            resp.setStatusCode(401).putHeader("content-type", "application/json")
                    .end("{\"error\":{\"message\":\"unauthorized\",\"type\":\"authentication_error\"}}");
            return;
        }
        if (!"/v1/chat/completions".equals(req.path())) {
            resp.setStatusCode(404).putHeader("content-type", "application/json")
                    .end("{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        req.body().onSuccess(body -> {
            JsonNode parsed = Json.parseOrNull(body.getBytes());
            if (!(parsed instanceof ObjectNode request)) {
                resp.setStatusCode(400).putHeader("content-type", "application/json")
                        .end("{\"error\":{\"message\":\"body must be a JSON object\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            answer(request, resp);
        });
    }

    private void answer(ObjectNode request, HttpServerResponse resp) {
        String user = "";
        int promptTokens = 0;
        for (JsonNode m : request.path("messages")) {
            String text = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
            promptTokens += tokens.count(text) + 4;
            if ("user".equals(m.path("role").asText())) {
                user = text;
            }
        }
        int maxTokens = request.path("max_tokens").asInt(request.path("max_completion_tokens").asInt(DEFAULT_MAX_TOKENS));
        String text = answerer.answer(user, Math.max(16, maxTokens)).text();
        int completion = tokens.count(text);
        String model = request.path("model").asText("extractive");
        String id = Ids.prefixed("chatcmpl");
        long created = System.currentTimeMillis() / 1000;
        ObjectNode usage = Json.object().put("prompt_tokens", promptTokens).put("completion_tokens", completion)
                .put("total_tokens", promptTokens + completion);
        if (!request.path("stream").asBoolean(false)) {
            ObjectNode out = Json.object().put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
            ObjectNode choice = out.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", text);
            out.set("usage", usage);
            resp.putHeader("content-type", "application/json").end(Json.write(out));
            return;
        }
        resp.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
        Buffer sse = Buffer.buffer();
        sse.appendString(event(chunk(id, created, model), "role", "assistant", null));
        // Word-sized deltas, as a model would stream them.
        int from = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ' || text.charAt(i) == '\n') {
                sse.appendString(event(chunk(id, created, model), "content", text.substring(from, i), null));
                from = i;
            }
        }
        sse.appendString(event(chunk(id, created, model), null, null, "stop"));
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode last = chunk(id, created, model);
            last.putArray("choices");
            last.set("usage", usage);
            sse.appendString("data: " + Json.write(last) + "\n\n");
        }
        sse.appendString("data: [DONE]\n\n");
        resp.end(sse);
    }

    private static ObjectNode chunk(String id, long created, String model) {
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }

    private static String event(ObjectNode chunk, String field, String value, String finish) {
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (field != null) {
            delta.put(field, value);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return "data: " + Json.write(chunk) + "\n\n";
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
