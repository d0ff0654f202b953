package dev.paved.fake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Routes requests: control paths to {@link ControlApi}; model API paths through counting,
 * recording, fault selection, authentication, validation and the endpoint, then {@link ReplyPlayer}.
 */
final class RequestHandler implements Handler<HttpServerRequest> {

  private static final CharSequence ANTHROPIC_VERSION = HttpHeaders.createOptimized("anthropic-version");
  private static final CharSequence API_KEY = HttpHeaders.createOptimized("x-api-key");

  private final Vertx vertx;
  private final ProviderState state;
  private final ControlApi control;

  RequestHandler(Vertx vertx, ProviderState state) {
    this.vertx = vertx;
    this.state = state;
    this.control = new ControlApi(state);
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (!control.handles(path)) {
      Endpoint endpoint = Endpoint.of(path);
      state.stats().request(endpoint);
      request.body().onSuccess(body -> serve(request, endpoint, path, body));
      return;
    }
    request.body().onSuccess(body -> control.handle(request, path, body));
  }

  private void serve(HttpServerRequest request, Endpoint endpoint, String path, Buffer body) {
    MultiMap headers = request.headers();
    ErrorStyle style = endpoint == Endpoint.MESSAGES || headers.contains(ANTHROPIC_VERSION)
        ? ErrorStyle.ANTHROPIC : ErrorStyle.OPENAI;
    Exchange exchange = new Exchange(vertx, request, state.stats(), style);
    JsonNode json = null;
    String parseError = null;
    if (body.length() > 0) {
      try {
        json = Json.parse(body.getBytes());
      } catch (JacksonException e) {
        parseError = e.getOriginalMessage();
      }
    }
    String model = json == null ? null : Json.text(json, "model");
    Overrides overrides;
    try {
      overrides = Overrides.from(headers, state.defaults());
    } catch (IllegalArgumentException e) {
      state.recorder().record(request.method().name(), path, headers, body, null);
      ReplyPlayer.sendJson(exchange, ErrorReplies.of(style, 400, e.getMessage()), null);
      return;
    }
    FaultSpec fault = overrides.fault() != null ? overrides.fault() : state.faults().pick(path, model);
    if (fault != null) {
      state.stats().fault(fault.statsKey());
    }
    state.recorder().record(request.method().name(), path, headers, body, fault);
    FaultMode mode = fault == null ? null : fault.mode();
    if (mode == FaultMode.HANG) {
      return;
    }
    if (mode == FaultMode.RESET) {
      exchange.after(overrides.latencyMs(), exchange::abort);
      return;
    }
    if (mode == FaultMode.STATUS) {
      ReplyPlayer.play(exchange, ErrorReplies.forFault(style, fault), overrides, null);
      return;
    }
    Reply reply;
    try {
      reply = answer(request, endpoint, json, parseError, overrides, style);
    } catch (InvalidRequestException e) {
      reply = ErrorReplies.invalid(style, e);
    }
    ReplyPlayer.play(exchange, reply, overrides, fault);
  }

  private Reply answer(HttpServerRequest request, Endpoint endpoint, JsonNode json, String parseError,
                       Overrides overrides, ErrorStyle style) {
    if (endpoint == Endpoint.OTHER) {
      return ErrorReplies.of(style, 404, "Unknown request URL: " + request.method() + " " + request.path());
    }
    if (request.method() != endpoint.method()) {
      return ErrorReplies.of(style, 405, "Method " + request.method() + " is not allowed on " + request.path());
    }
    Reply denied = authenticate(request.headers(), style);
    if (denied != null) {
      return denied;
    }
    if (endpoint == Endpoint.MESSAGES && !request.headers().contains(ANTHROPIC_VERSION)) {
      return ErrorReplies.of(style, 400, "anthropic-version: header is required");
    }
    if (endpoint == Endpoint.MODELS) {
      return JsonReply.ok(style == ErrorStyle.ANTHROPIC ? state.models().anthropic() : state.models().openAi());
    }
    if (json == null || !json.isObject()) {
      String reason = parseError != null ? "could not parse the JSON body of your request: " + parseError
          : "the request body must be a JSON object";
      return ErrorReplies.of(style, 400, reason);
    }
    return switch (endpoint) {
      case CHAT -> OpenAiChat.reply(json, overrides.tokens(), state.replies().pick(json));
      case MESSAGES -> AnthropicMessages.reply(json, overrides.tokens(), state.promptCache(), state.replies().pick(json));
      case EMBEDDINGS -> Embeddings.reply(json, state.options().embeddingDims());
      default -> throw new IllegalStateException("no handler for " + endpoint);
    };
  }

  /**
   * 401 when keys are required and missing; null when the request may go on. OpenAI paths need
   * {@code Authorization: Bearer KEY}; Anthropic paths {@code x-api-key} (or a bearer token, which
   * the Anthropic SDKs send for auth tokens).
   */
  private Reply authenticate(MultiMap headers, ErrorStyle style) {
    if (!state.options().requireApiKey()) {
      return null;
    }
    boolean bearer = hasBearer(headers.get(HttpHeaders.AUTHORIZATION));
    if (style == ErrorStyle.ANTHROPIC) {
      String key = headers.get(API_KEY);
      boolean present = bearer || key != null && !key.isBlank();
      return present ? null : ErrorReplies.of(style, 401, "x-api-key header is required");
    }
    return bearer ? null : ErrorReplies.of(style, 401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header "
            + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
  }

  private static boolean hasBearer(String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && !authorization.substring(7).isBlank();
  }
}
